import * as oidc from 'openid-client';
import type { GatewayInstance } from './gateway-instance';
import { createNativeApp } from './tenant';

/** openid-client configured as a public native app (PKCE, no secret), allowing http on loopback. */
export async function publicClientConfig(issuer: string, clientId: string): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(issuer), clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
}

/** Registers a native app in `environmentId` (see createNativeApp) and configures openid-client as that app. */
export async function nativeAppConfig(gateway: GatewayInstance, environmentId: string, fields: Parameters<typeof createNativeApp>[2]): Promise<oidc.Configuration> {
  const client = await createNativeApp(gateway.provisioner, environmentId, fields);
  return publicClientConfig(gateway.url, client.clientId);
}

/** A fresh PKCE pair, state and nonce, and the authorization URL openid-client builds from them. */
export async function startAuthorization(config: oidc.Configuration, redirectUri: string, scope = 'openid profile email offline_access', extra: Record<string, string> = {}) {
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  });
  return { url: url.toString(), codeVerifier, state, nonce };
}
