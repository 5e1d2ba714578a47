import type { ClientView } from '../types';

/** Answers of the admin API the Devices tab reads (apps/admin-api app-signatures, clients and device-profiles DTOs). */

export interface AppSignature {
  readonly id: string;
  readonly environmentId: string;
  readonly identifier: string;
  readonly version: string;
  readonly platform: 'android' | 'ios' | string;
  readonly ocraSuite: string;
  readonly secretSet: boolean;
  readonly redirectUris: readonly string[];
  readonly scopes: readonly string[];
  readonly pinMaxAttempts: number;
  readonly pinMinLength: number;
  readonly dpop: 'required' | 'allowed' | string;
  readonly clientSecretTtlSeconds: number;
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface AppSignatureWithSecret extends AppSignature {
  readonly secret: string;
}

export interface RevokedDevices {
  readonly devices: number;
  readonly revokedLogins: number;
}

/** A client of the environment's list; device clients carry the signature they registered with. */
export interface DeviceClient extends ClientView {
  readonly appSignatureId: string | null;
}

export interface DeviceProfile {
  readonly profileId: string;
  readonly uid: string;
  readonly createdAt: string;
  readonly pinSet: boolean;
  readonly biometricSet: boolean;
  readonly lastUsedAt: string | null;
}
