import type { LoginContext, SubjectToken, SubjectTokenType, TokenExchangeConnector, UpstreamIdentity } from '../connector';
import { ConnectorError } from '../connectors.errors';
import type { OAuth2Config } from './oauth2.config';

/**
 * RFC 8693 token exchange through a plain OAuth 2.0 provider: an access token is good when
 * `userIdEndpoint` answers for it, and names the user as a login does (`userIdAttribute` of that
 * JSON, via `identify`). Without a `userIdEndpoint` nothing can check a token, and an OAuth 2.0
 * provider publishes no keys to verify an ID token with: those types are not offered.
 */
export function oauth2TokenExchange(config: OAuth2Config, identify: (accessToken: string, now: Date) => Promise<UpstreamIdentity>): TokenExchangeConnector {
  const subjectTokenTypes: readonly SubjectTokenType[] = config.userIdEndpoint ? ['access_token'] : [];
  return {
    subjectTokenTypes,
    async exchange(subject: SubjectToken, context: LoginContext): Promise<UpstreamIdentity> {
      if (!subjectTokenTypes.includes(subject.type)) {
        throw new ConnectorError('UPSTREAM_REJECTED', 'the identity provider token was refused', { detail: `oauth2 cannot check a ${subject.type}` });
      }
      return identify(subject.token, context.now);
    },
  };
}
