export type {
  ConfigField,
  ConnectionCheck,
  ConnectionTester,
  Connector,
  ConnectorCapability,
  ConnectorDescriptor,
  FieldKind,
  FormLoginConnector,
  LoginContext,
  OpenedService,
  PasswordCredentials,
  RefreshConnector,
  StoredUpstreamLogin,
  UpstreamIdentity,
  UpstreamToken,
} from './connector';
export { ConnectorConfigError, ConnectorError } from './connectors.errors';
export type { ConnectorErrorCode } from './connectors.errors';
export type { FieldProblem } from './connectors.errors';
export { ConnectorRegistry } from './registry';
export type { ValidatedConfig } from './config/validate-config';
export { ConnectorsModule } from './connectors.module';
