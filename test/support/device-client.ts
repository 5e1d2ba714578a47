import { AppSignatures, type NewAppSignature } from '@rapidauth/devices';
import { BIOMETRIC_REFRESH_GRANT_TYPE, PIN_REFRESH_GRANT_TYPE } from '@rapidauth/oauth';
import type { TenancyProvisioner } from '@rapidauth/tenancy';
import type { DataSource } from 'typeorm';

/** The app build the device fixtures register with: a loopback redirect (RFC 8252 §7.3). */
export const DEVICE_APP: NewAppSignature = {
  identifier: 'com.acme.device',
  version: '1.0.0',
  platform: 'android',
  redirectUris: ['http://127.0.0.1/callback'],
  dpop: 'allowed',
};

/**
 * A device client as registration would leave it (docs/gateway.md#device-profiles): an app
 * signature, and a confidential first-party client of kind `device` with the device grant types,
 * the signature's redirect URIs and its DPoP policy. The provisioner makes the client; what it
 * cannot set (kind, signature, the device grant types) is written after.
 */
export async function createDeviceClient(
  dataSource: DataSource,
  provisioner: TenancyProvisioner,
  signatures: AppSignatures,
  environmentId: string,
  signature: Partial<NewAppSignature> = {},
): Promise<{ clientId: string; clientSecret: string; appSignatureId: string }> {
  const version = `${signature.version ?? DEVICE_APP.version}-${Math.random().toString(36).slice(2, 8)}`;
  const { signature: created } = await signatures.create(environmentId, { ...DEVICE_APP, ...signature, version });
  const { client, clientSecret } = await provisioner.createClient({
    environmentId,
    name: 'Acme device',
    type: 'confidential',
    applicationType: 'native',
    firstParty: true,
    redirectUris: created.redirectUris,
    grantTypes: ['authorization_code', 'refresh_token'],
    tokenEndpointAuthMethod: 'client_secret_basic',
    dpopBoundAccessTokens: created.dpop === 'required',
  });
  await dataSource.query(`UPDATE "client" SET "kind" = 'device', "app_signature_id" = $2, "grant_types" = $3 WHERE "client_id" = $1`, [
    client.clientId,
    created.id,
    ['authorization_code', 'refresh_token', PIN_REFRESH_GRANT_TYPE, BIOMETRIC_REFRESH_GRANT_TYPE],
  ]);
  return { clientId: client.clientId, clientSecret: clientSecret!, appSignatureId: created.id };
}
