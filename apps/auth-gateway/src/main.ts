import 'reflect-metadata';
import { runMain } from '@rapidauth/runtime';
import { gatewayApp } from './gateway.app';

// The gateway alone, for deployments that run the admin API separately.
runMain([gatewayApp]);
