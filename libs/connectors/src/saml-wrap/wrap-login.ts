import type { SAML } from '@node-saml/passport-saml';
import type { FormLoginConnector, OpenedService, PasswordCredentials, LoginContext, UpstreamIdentity } from '../connector';
import { ConnectorError } from '../connectors.errors';
import type { AssertionReplays } from '../saml/assertion-replays.repository';
import { MAX_RESPONSE_CHARS } from '../saml/saml-response';
import { verifyWrapToken } from './wrap-token';

const TIMEOUT_MS = 10_000;

const unavailable = (detail: string) => new ConnectorError('UPSTREAM_UNAVAILABLE', 'the sign-in service cannot be reached right now', { detail, retryAfterSeconds: 30 });
const rejected = (detail: string) => new ConnectorError('UPSTREAM_REJECTED', 'the identity provider answer could not be verified', { detail });

/** OAuth WRAP 0.9 §5.1 (Client Account and Password Profile): the credentials for a token, or 401. */
async function requestToken(url: string, scope: string, credentials: PasswordCredentials): Promise<{ token: string; expiresIn?: number }> {
  let answer: Response;
  try {
    answer = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ wrap_name: credentials.username, wrap_password: credentials.password, wrap_scope: scope }),
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw unavailable((error as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS} ms` : 'the WRAP API cannot be reached');
  }
  const body = await answer.text();
  if (answer.status === 401) throw new ConnectorError('INVALID_CREDENTIALS', 'the user name or password is wrong');
  if (answer.status >= 500) throw unavailable(`the WRAP API answered HTTP ${answer.status}`);
  if (answer.status !== 200) throw rejected(`the WRAP API answered HTTP ${answer.status}`);
  if (body.length > 2 * MAX_RESPONSE_CHARS) throw rejected('the WRAP answer is too large');
  const fields = new URLSearchParams(body);
  const token = fields.get('wrap_access_token');
  if (!token) throw rejected('the WRAP answer has no wrap_access_token');
  const expiresIn = Number(fields.get('wrap_access_token_expires_in'));
  return { token, ...(Number.isInteger(expiresIn) && expiresIn > 0 ? { expiresIn } : {}) };
}

export function wrapLogin(opened: OpenedService, verifier: SAML, replays: AssertionReplays): FormLoginConnector {
  const config = opened.config;
  return {
    async login(credentials: PasswordCredentials, context: LoginContext): Promise<UpstreamIdentity> {
      const { token, expiresIn } = await requestToken(config.providerUri as string, config.wrapScope as string, credentials);
      const expected = { entityId: config.wrapScope as string, idpEntityId: config.idpEntityId as string | undefined, now: context.now };
      const assertion = await verifyWrapToken(verifier, token, expected).catch((error: unknown) => {
        throw rejected(error instanceof Error ? error.message : String(error));
      });
      if (!(await replays.claim(opened.id, assertion.id, assertion.acceptableUntil))) throw rejected(`assertion ${assertion.id} was already used`);
      const expiresAt = expiresIn === undefined ? undefined : new Date(context.now.getTime() + expiresIn * 1000);
      return {
        providerUid: assertion.nameId,
        username: assertion.nameId,
        attributes: assertion.attributes,
        tokens: { wrap_access_token: { value: token, ...(expiresAt ? { expiresAt } : {}) } },
      };
    },
  };
}
