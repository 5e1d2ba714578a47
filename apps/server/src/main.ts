import 'reflect-metadata';
import { runMain } from '@rapidauth/runtime';
import { adminApiApp } from '../../admin-api/src/admin-api.app';
import { gatewayApp } from '../../auth-gateway/src/gateway.app';

// The modular monolith: gateway and admin API in one process over one database pool.
runMain([gatewayApp, adminApiApp]);
