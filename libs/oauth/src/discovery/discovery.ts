import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { TokenEndpoint } from '../token-endpoint/token-endpoint';
import { OIDC_SCOPES } from '../tokens/scopes';

/**
 * The discovery document (OpenID Connect Discovery §3, RFC 8414): it lists exactly what the
 * gateway implements, so client libraries never try something that is not there.
 */
@Injectable()
export class Discovery {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokenEndpoint: TokenEndpoint,
  ) {}

  document(): Record<string, unknown> {
    const base = this.config.publicUrl;
    const clientAuthMethods = ['client_secret_basic', 'client_secret_post'];
    return {
      issuer: base,
      token_endpoint: `${base}/oauth/token`,
      jwks_uri: `${base}/.well-known/jwks.json`,
      introspection_endpoint: `${base}/oauth/introspect`,
      revocation_endpoint: `${base}/oauth/revoke`,
      grant_types_supported: this.tokenEndpoint.supportedGrantTypes,
      token_endpoint_auth_methods_supported: [...clientAuthMethods, 'none'],
      introspection_endpoint_auth_methods_supported: clientAuthMethods,
      revocation_endpoint_auth_methods_supported: [...clientAuthMethods, 'none'],
      scopes_supported: [...OIDC_SCOPES],
      claims_supported: ['iss', 'sub', 'aud', 'exp', 'iat', 'auth_time', 'client_id', 'scope', 'jti', 'sid'],
    };
  }
}
