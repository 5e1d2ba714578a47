import { askRepo } from '../../test-support/repo-node';
import type { ServiceType } from '../types';

const PRINT_TYPES = "const { ConnectorRegistry } = require('./libs/connectors/src/registry'); process.stdout.write(JSON.stringify(new ConnectorRegistry().types()));";

/**
 * Every type of the real connector registry (libs/connectors), as GET /v1/auth-service-types answers
 * it, so a field added to a config class shows up in the form specs.
 */
export const registryTypes = (): ServiceType[] => askRepo<ServiceType[]>(PRINT_TYPES);
