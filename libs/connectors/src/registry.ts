import { Injectable } from '@nestjs/common';
import { AUTH_SERVICE_TYPES, type AuthServiceType } from '@rapidauth/database';
import { activeDirectoryConnector } from './active-directory/active-directory.connector';
import { requireSecretsOnEndpointChange } from './config/endpoint-change';
import { validateConfig, validateStoredConfig, type ValidatedConfig } from './config/validate-config';
import { fieldsOf } from './config/field';
import type { ConnectorDefinition, ConnectorDescriptor, ConnectorFactory } from './connector';
import { ConnectorConfigError } from './connectors.errors';
import { customConnector } from './custom/custom.connector';
import { facebookConnector } from './facebook/facebook.connector';
import { ldapConnector } from './ldap/ldap.connector';
import { localConnector } from './local/local.connector';
import { oauth2Connector } from './oauth2/oauth2.connector';
import { oidcConnector } from './oidc/oidc.connector';
import { samlPostConnector, samlRedirectConnector } from './saml/saml.connector';
import { samlWrapConnector } from './saml-wrap/saml-wrap.connector';

/** One line per connector type; the mapped type makes a missing or mismatched line a compile error. */
const CONNECTORS: { readonly [T in AuthServiceType]: ConnectorDefinition<T> } = {
  local: localConnector,
  'saml-redirect': samlRedirectConnector,
  'saml-post': samlPostConnector,
  oauth2: oauth2Connector,
  oidc: oidcConnector,
  'active-directory': activeDirectoryConnector,
  ldap: ldapConnector,
  'saml-wrap': samlWrapConnector,
  facebook: facebookConnector,
  custom: customConnector,
};

/** The connector types, their config schemas and factories, and config validation (on save and again on open: ServiceConnectors). */
@Injectable()
export class ConnectorRegistry {
  types(): readonly ConnectorDescriptor[] {
    return AUTH_SERVICE_TYPES.map((type) => CONNECTORS[type].descriptor);
  }

  /** @throws ConnectorConfigError on `type` when the type is unknown. */
  describe(type: string): ConnectorDescriptor {
    return this.definition(type).descriptor;
  }

  /**
   * Validates a whole config for `type` and splits it into non-secret keys (defaults applied) and
   * secret keys. Throws ConnectorConfigError listing every problem, unknown keys included.
   */
  validate(type: string, config: unknown): ValidatedConfig {
    return validateConfig(this.definition(type), config);
  }

  /** validate, for a stored config about to be opened: see validateStoredConfig. */
  validateStored(type: string, config: unknown): ValidatedConfig {
    return validateStoredConfig(this.definition(type), config);
  }

  /**
   * Refuses a config change that moves an endpoint without giving the stored secrets again
   * (ConnectorConfigError naming each `config.<secretKey>`); see requireSecretsOnEndpointChange.
   */
  requireSecretsOnEndpointChange(type: string, stored: Record<string, unknown>, change: Record<string, unknown>, storedSecrets: readonly string[]): void {
    requireSecretsOnEndpointChange(this.describe(type), stored, change, storedSecrets);
  }

  /**
   * The keys of `type` that name the upstream user (`identityKey` fields): changing one would give
   * every existing user a new identity, so the admin API refuses it while the service has identities.
   */
  identityKeys(type: string): readonly string[] {
    return fieldsOf(this.definition(type).configClass)
      .filter((field) => field.identityKey)
      .map((field) => field.key);
  }

  isLoginAvailable(type: string): boolean {
    return this.describe(type).loginAvailable;
  }

  /**
   * Whether the type's users sign in at an upstream (every type but `local`, the gateway's own
   * identities): such a login is only as fresh as the upstream's last word on it.
   */
  signsInUpstream(type: string): boolean {
    return this.describe(type).type !== 'local';
  }

  /** Whether services of `type` can be opened into a connector yet (its factory is built). */
  opens(type: string): boolean {
    return this.definition(type).open !== undefined;
  }

  /** @throws ConnectorConfigError on `type` when the type is unknown or its connector is not built yet. */
  factoryOf(type: string): ConnectorFactory {
    const { open } = this.definition(type);
    if (!open) throw new ConnectorConfigError([{ field: 'type', message: `${type} services cannot be opened yet` }]);
    return open;
  }

  private definition(type: string): ConnectorDefinition {
    if (!(AUTH_SERVICE_TYPES as readonly string[]).includes(type)) {
      throw new ConnectorConfigError([{ field: 'type', message: `type must be one of: ${AUTH_SERVICE_TYPES.join(', ')}` }]);
    }
    return CONNECTORS[type as AuthServiceType];
  }
}
