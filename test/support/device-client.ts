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

/** An app build as a device knows it: what it sends for a challenge, and the signature's OCRA key (hex). */
export interface DeviceBuild {
  identifier: string;
  version: string;
  platform: string;
  secret: string;
}

/** What a device keeps of its registration (RFC 7591 §3.2.1, the registration access token RFC 7592 §3). */
export interface DeviceRegistration {
  clientId: string;
  clientSecret: string;
  registrationAccessToken: string;
}

/**
 * A device registering at the gateway `gatewayUrl` (docs/gateway.md#device-registration) with an app
 * signature made anywhere (a fixture, the admin API, the console): its OCRA answer to the gateway's
 * challenge over HTTP, as the SDK gives it.
 */
export async function registerDevice(gatewayUrl: string, build: DeviceBuild, clientName = 'Acme device'): Promise<DeviceRegistration> {
  const post = async (path: string, body: Record<string, unknown>, status: number) => {
    const response = await fetch(`${gatewayUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = (await response.json()) as Record<string, string>;
    if (response.status !== status) throw new Error(`${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };
  const asked = await post('/v3/devices/challenge', { identifier: build.identifier, version: build.version, platform: build.platform }, 200);
  const ocraResponse = deviceOcra(asked.ocra_suite, build.secret, asked.challenge, { timeStep: ocraStepAt(asked.ocra_suite, Date.now()) });
  const registered = await post('/v3/devices/register', { registration_id: asked.registration_id, ocra_response: ocraResponse, client_name: clientName }, 201);
  return { clientId: registered.client_id, clientSecret: registered.client_secret, registrationAccessToken: registered.registration_access_token };
}

/**
 * A registered device: an app signature of its own build (a unique version), then the device's
 * registration against it (`registerDevice`). The device client is whatever registration makes of it.
 */
export async function createDeviceClient(
  gateway: GatewayInstance,
  environmentId: string,
  signature: Partial<NewAppSignature> = {},
): Promise<DeviceRegistration & { appSignatureId: string }> {
  const version = `${signature.version ?? DEVICE_APP.version}-${Math.random().toString(36).slice(2, 8)}`;
  const { signature: created, secret } = await gateway.get(AppSignatures).create(environmentId, { ...DEVICE_APP, ...signature, version });
  const registered = await registerDevice(gateway.url, { identifier: created.identifier, version: created.version, platform: created.platform, secret });
  return { ...registered, appSignatureId: created.id };
}
