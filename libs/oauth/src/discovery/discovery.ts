import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { DPOP_SIGNING_ALGS } from '../dpop/dpop-proof';
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
      authorization_endpoint: `${base}/v3/oauth/auth`,
      token_endpoint: `${base}/oauth/token`,
      userinfo_endpoint: `${base}/oauth/userinfo`,
      end_session_endpoint: `${base}/oauth/session/end`,
      jwks_uri: `${base}/.well-known/jwks.json`,
      introspection_endpoint: `${base}/oauth/introspect`,
      revocation_endpoint: `${base}/oauth/revoke`,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256', 'ES256'],
      code_challenge_methods_supported: ['S256'],
      prompt_values_supported: ['none', 'login', 'consent', 'select_account'],
      authorization_response_iss_parameter_supported: true,
      request_parameter_supported: false,
      request_uri_parameter_supported: false,
      claims_parameter_supported: false,
      grant_types_supported: this.tokenEndpoint.supportedGrantTypes,
      token_endpoint_auth_methods_supported: [...clientAuthMethods, 'none'],
      introspection_endpoint_auth_methods_supported: clientAuthMethods,
      revocation_endpoint_auth_methods_supported: [...clientAuthMethods, 'none'],
      scopes_supported: [...OIDC_SCOPES],
      dpop_signing_alg_values_supported: [...DPOP_SIGNING_ALGS],
      claims_supported: ['iss', 'sub', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'sid', 'azp', 'preferred_username', 'name', 'given_name', 'family_name', 'email', 'email_verified', 'phone_number', 'phone_number_verified', 'address', 'updated_at'],
    };
  }
}
