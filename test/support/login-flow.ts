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

/** Signs in through the login page and exchanges the code: the browser, now signed in, and the validated tokens. */
export async function signInForTokens(...args: Parameters<typeof signInThroughLoginPage>) {
  const [, config] = args;
  const { started, callback, agent } = await signInThroughLoginPage(...args);
  return { agent, tokens: await exchange(config, callback.location, started) };
}

/** The browser is still signed in: its next authorization goes straight back to the app with a code. */
export async function stillSignedIn(agent: BrowserAgent, config: oidc.Configuration, redirectUri: string): Promise<boolean> {
  return (await agent.get((await startAuthorization(config, redirectUri)).url)).status === 303;
}

/** The refresh token still gets new tokens (RFC 6749 §6). */
export function refreshStillWorks(config: oidc.Configuration, refreshToken: string): Promise<boolean> {
  return oidc.refreshTokenGrant(config, refreshToken).then(
    () => true,
    () => false,
  );
}
