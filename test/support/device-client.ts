import { AppSignatures, type NewAppSignature } from '@rapidauth/devices';
import type { GatewayInstance } from './gateway-instance';
import { deviceOcra, ocraStepAt } from './ocra';

/** The app build the device fixtures register with: a loopback redirect (RFC 8252 §7.3). */
export const DEVICE_APP: NewAppSignature = {
  identifier: 'com.acme.device',
  version: '1.0.0',
  platform: 'android',
  redirectUris: ['http://127.0.0.1/callback'],
  scopes: ['openid', 'profile', 'email', 'offline_access'],
  dpop: 'allowed',
};

/**
 * A registered device (docs/gateway.md#device-registration): an app signature of its own build (a
 * unique version), then the device's OCRA answer to the gateway's challenge over HTTP, as the SDK
 * gives it. The device client is whatever registration makes of it.
 */
export async function createDeviceClient(
  gateway: GatewayInstance,
  environmentId: string,
  signature: Partial<NewAppSignature> = {},
): Promise<{ clientId: string; clientSecret: string; appSignatureId: string; registrationAccessToken: string }> {
  const version = `${signature.version ?? DEVICE_APP.version}-${Math.random().toString(36).slice(2, 8)}`;
  const { signature: created, secret } = await gateway.get(AppSignatures).create(environmentId, { ...DEVICE_APP, ...signature, version });
  const post = async (path: string, body: Record<string, unknown>, status: number) => {
    const response = await fetch(`${gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = (await response.json()) as Record<string, string>;
    if (response.status !== status) throw new Error(`${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };
  const asked = await post('/v3/devices/challenge', { identifier: created.identifier, version: created.version, platform: created.platform }, 200);
  const ocraResponse = deviceOcra(asked.ocra_suite, secret, asked.challenge, { timeStep: ocraStepAt(asked.ocra_suite, Date.now()) });
  const registered = await post('/v3/devices/register', { registration_id: asked.registration_id, ocra_response: ocraResponse, client_name: 'Acme device' }, 201);
  return { clientId: registered.client_id, clientSecret: registered.client_secret, appSignatureId: created.id, registrationAccessToken: registered.registration_access_token };
}
