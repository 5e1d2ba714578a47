export type {
  ConfigField,
  ConnectionCheck,
  ConnectionTester,
  Connector,
  ConnectorCapability,
  ConnectorDescriptor,
  ConnectorFactory,
  ConnectorRuntime,
  FieldKind,
  FormLoginConnector,
  LoginContext,
  OpenedService,
  OwnLoginConnector,
  PasswordCredentials,
  RedirectLoginConnector,
  RedirectLoginKept,
  RedirectLoginRequest,
  RedirectStep,
  RefreshConnector,
  StoredUpstreamLogin,
  SubjectToken,
  SubjectTokenType,
  TokenExchangeConnector,
  UpstreamIdentity,
  UpstreamToken,
} from './connector';
export { ConnectorConfigError, ConnectorError } from './connectors.errors';
export type { ConnectorErrorCode } from './connectors.errors';
export type { FieldProblem } from './connectors.errors';
export { ConnectorRegistry } from './registry';
export { ServiceConnectors } from './service-connectors';
export type { ValidatedConfig } from './config/validate-config';
export { ConnectorsModule } from './connectors.module';
export { AssertionReplays } from './saml/assertion-replays.repository';
export { MAX_RESPONSE_CHARS as MAX_SAML_RESPONSE_CHARS } from './saml/saml-response';
export { samlServiceUrls, spEntityId, SP_ENTITY_ID_VERSIONS, V1_ENTITY_ID } from './saml/saml-urls';
export type { SamlServiceUrls, SpEntityIdVersion } from './saml/saml-urls';
