import type { Connector, UpstreamIdentity } from './connector';
import { ConnectorError } from './connectors.errors';

/** The longest `providerUid` an identity can hold (its column); OIDC Core §5.7 bounds `sub` the same. */
export const MAX_PROVIDER_UID = 255;

/**
 * The connector with every identity it returns checked: a `providerUid` that is empty or longer
 * than MAX_PROVIDER_UID (an odd `sub`, NameID or directory attribute) is the upstream's answer
 * refused, UPSTREAM_REJECTED, as any other unusable answer — not an error of ours.
 */
export function checkedIdentities(connector: Connector): Connector {
  const { formLogin, redirectLogin, refresh, tokenExchange } = connector;
  return {
    ...connector,
    ...(formLogin && { formLogin: { login: async (credentials, context) => checked(await formLogin.login(credentials, context)) } }),
    ...(redirectLogin && {
      redirectLogin: {
        begin: (request, context) => redirectLogin.begin(request, context),
        finish: async (params, kept, request, context) => checked(await redirectLogin.finish(params, kept, request, context)),
      },
    }),
    ...(refresh && { refresh: { refresh: async (stored, context) => checkedOrNull(await refresh.refresh(stored, context)) } }),
    ...(tokenExchange && {
      tokenExchange: { subjectTokenTypes: tokenExchange.subjectTokenTypes, exchange: async (subject, context) => checked(await tokenExchange.exchange(subject, context)) },
    }),
  };
}

function checked(identity: UpstreamIdentity): UpstreamIdentity {
  const length = typeof identity.providerUid === 'string' ? identity.providerUid.length : 0;
  if (length === 0 || length > MAX_PROVIDER_UID) {
    throw new ConnectorError('UPSTREAM_REJECTED', 'the identity provider answer was refused', { detail: `a user id of ${length} characters (1-${MAX_PROVIDER_UID})` });
  }
  return identity;
}

function checkedOrNull(identity: UpstreamIdentity | null): UpstreamIdentity | null {
  return identity === null ? null : checked(identity);
}
