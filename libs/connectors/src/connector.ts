import type { AuthServiceType } from '@rapidauth/database';
import { fieldsOf, type ConfigClass } from './config/field';

export type FieldKind = 'string' | 'url' | 'string[]' | 'boolean' | 'integer' | 'pem' | 'enum' | 'object' | 'object[]';

/** One config key as the admin API and console see it (logto-style: the console renders forms from this). */
export interface ConfigField {
  readonly key: string;
  readonly kind: FieldKind;
  readonly required: boolean;
  /** Stored encrypted through the vault and never returned by the API. */
  readonly secret: boolean;
  /** Where or how the secret settings are sent: a change needs them given again. */
  readonly endpoint: boolean;
  readonly label: string;
  readonly help: string;
  /** Applied by `ConnectorRegistry.validate` when the key is absent. */
  readonly default?: unknown;
  /** The allowed values of an `enum` field. */
  readonly options?: readonly string[];
}

/** What a connector can do (dex-style capability interfaces, implemented per connector). */
export type ConnectorCapability = 'form-login' | 'redirect-login' | 'saml-post' | 'refresh' | 'logout';

export interface ConnectorDescriptor {
  readonly type: AuthServiceType;
  readonly label: string;
  readonly description: string;
  /** The keys every type shares first, then the type's own, in form order. */
  readonly fields: readonly ConfigField[];
  readonly capabilities: readonly ConnectorCapability[];
  /** Whether users can sign in through this type today (only `local`, whose login is built into the gateway). */
  readonly loginAvailable: boolean;
}

/** A registry entry: the public descriptor plus the class-validator schema its configs are checked against. */
export interface ConnectorDefinition<T extends AuthServiceType = AuthServiceType> {
  readonly descriptor: ConnectorDescriptor & { readonly type: T };
  readonly configClass: ConfigClass;
}

export function defineConnector<T extends AuthServiceType>(definition: {
  type: T;
  label: string;
  description: string;
  config: ConfigClass;
  capabilities: readonly ConnectorCapability[];
  loginAvailable?: boolean;
}): ConnectorDefinition<T> {
  const fields = fieldsOf(definition.config).map(
    ({ key, kind, required, secret, endpoint, label, help, default: fallback, options }): ConfigField =>
      Object.freeze({
        key,
        kind,
        required,
        secret,
        endpoint,
        label,
        help,
        ...(fallback === undefined ? {} : { default: fallback }),
        ...(options ? { options } : {}),
      }),
  );
  return {
    descriptor: Object.freeze({
      type: definition.type,
      label: definition.label,
      description: definition.description,
      fields: Object.freeze(fields),
      capabilities: Object.freeze([...definition.capabilities]),
      loginAvailable: definition.loginAvailable ?? false,
    }),
    configClass: definition.config,
  };
}
