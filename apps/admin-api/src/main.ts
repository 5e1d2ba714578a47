import 'reflect-metadata';
import { runMain } from '@rapidauth/runtime';
import { adminApiApp } from './admin-api.app';

// The admin API alone, for deployments that run the gateway separately.
runMain([adminApiApp]);
