export type { ConfigField, ConnectorCapability, ConnectorDescriptor, FieldKind } from './connector';
export { ConnectorConfigError } from './connectors.errors';
export type { FieldProblem } from './connectors.errors';
export { ConnectorRegistry } from './registry';
export type { ValidatedConfig } from './config/validate-config';
export { ConnectorsModule } from './connectors.module';
