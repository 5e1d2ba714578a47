import * as oidc from 'openid-client';
import { BrowserAgent, type PageResponse } from './browser-agent';
import { startAuthorization } from './oidc-client';

/** Drives one authorization through the hosted login page with plain HTTP form posts. */
export async function signInThroughLoginPage(
  gatewayUrl: string,
  config: oidc.Configuration,
  redirectUri: string,
  credentials: { username: string; password: string },
  options: { agent?: BrowserAgent; scope?: string; extra?: Record<string, string> } = {},
) {
  const agent = options.agent ?? new BrowserAgent();
  const started = await startAuthorization(config, redirectUri, options.scope, options.extra);
  const page = await agent.get(started.url);
  let callback: PageResponse = page;
  if (page.status === 200) {
    callback = await agent.post(`${gatewayUrl}/v3/oauth/login`, { login_tx: page.loginTx, ...credentials });
  }
  return { agent, started, loginPage: page, callback };
}

/** Exchanges the code in a callback URL with openid-client, validating state, nonce and the ID token. */
export function exchange(config: oidc.Configuration, callbackUrl: string, started: { codeVerifier: string; state: string; nonce: string }) {
  return oidc.authorizationCodeGrant(config, new URL(callbackUrl), {
    pkceCodeVerifier: started.codeVerifier,
    expectedState: started.state,
    expectedNonce: started.nonce,
    idTokenExpected: true,
  });
}
