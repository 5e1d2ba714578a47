import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AppPlatform, AppSignatureEntity, DpopPolicy } from '@rapidauth/database';
import { OIDC_SCOPES, RefreshTokens } from '@rapidauth/oauth';
import { TenancyChanges } from '@rapidauth/tenancy';
import { SEALED_PURPOSES, Vault } from '@rapidauth/vault';
import type { EntityManager } from 'typeorm';
import { DeviceError } from '../devices.errors';
import { DEFAULT_OCRA_SUITE, parseOcraSuite, type OcraSuite } from '../ocra/ocra-suite';
import { generateKey, SignatureProblems } from './app-signature-rules';
import { AppSignatureRepository } from './app-signature.repository';

/** What a new app signature is given; absent optional fields take APP_SIGNATURE_DEFAULTS. */
export interface NewAppSignature {
  readonly identifier: string;
  readonly version: string;
  readonly platform: AppPlatform;
  readonly ocraSuite?: string;
  /** The OCRA key in hex; generated when absent. */
  readonly secret?: string;
  readonly redirectUris: readonly string[];
  readonly scopes?: readonly string[];
  readonly pinMaxAttempts?: number;
  readonly pinMinLength?: number;
  readonly dpop?: DpopPolicy;
  readonly clientSecretTtlSeconds?: number;
  readonly enabled?: boolean;
}

/** The key's field: write-only, so a transfer document names it (`secretsOmitted`) and never holds it. */
export const APP_SIGNATURE_SECRET = 'secret';

/** Everything but the app build it names (identifier, version, platform) may change. */
export type AppSignatureChanges = Partial<Omit<NewAppSignature, 'identifier' | 'version' | 'platform'>>;

export const APP_SIGNATURE_DEFAULTS = {
  ocraSuite: DEFAULT_OCRA_SUITE,
  scopes: ['openid', 'offline_access'],
  pinMaxAttempts: 3,
  pinMinLength: 5,
  dpop: 'required',
  clientSecretTtlSeconds: 0,
  enabled: true,
} as const;

/** Bounds of the numeric settings (docs/admin-api.md#app-signatures). */
export const APP_SIGNATURE_BOUNDS = {
  pinMaxAttempts: { min: 1, max: 10 },
  pinMinLength: { min: 4, max: 12 },
  /** Up to ten years; 0: device client secrets do not expire. */
  clientSecretTtlSeconds: { min: 0, max: 315_360_000 },
} as const;

export interface RevokedDevices {
  /** Device clients registered with the signature, now disabled. */
  readonly devices: number;
  /** Their refresh-token families revoked (with their access tokens). */
  readonly revokedLogins: number;
}

/**
 * App signatures: the app builds an environment approves for dynamic device registration, each
 * with its OCRA suite and key (sealed by the vault: registration recomputes responses with it) and
 * the settings its device clients get. Disabling one stops new registrations only; revoking its
 * devices disables their clients and revokes their logins.
 */
@Injectable()
export class AppSignatures {
  constructor(
    private readonly repository: AppSignatureRepository,
    private readonly vault: Vault,
    private readonly refreshTokens: RefreshTokens,
    private readonly changes: TenancyChanges,
  ) {}

  /** The new signature, and its key in hex: shown to the admin this once. */
  async create(environmentId: string, input: NewAppSignature): Promise<{ signature: AppSignatureEntity; secret: string }> {
    const { signature, secret } = this.sealed(environmentId, checkNewSignature(input, await this.allowedScopes(environmentId)));
    return { signature: await this.repository.save(signature), secret };
  }

  /**
   * Checks a signature of a transfer document under the rules of `create`, its scopes against the
   * custom scopes its environment has in that document (the environment is created by the same import).
   */
  planImport(input: NewAppSignature, customScopes: readonly string[]): CheckedSignature {
    return checkNewSignature(input, [...OIDC_SCOPES, ...customScopes]);
  }

  /** Stores an imported signature in an environment created in the caller's transaction; its key in hex, shown once. */
  async writeImported(manager: EntityManager, environmentId: string, checked: CheckedSignature): Promise<{ signature: AppSignatureEntity; secret: string }> {
    const { signature, secret } = this.sealed(environmentId, checked);
    return { signature: await this.repository.insert(manager, signature), secret };
  }

  /**
   * Applies the changes sent. A suite with another HMAC needs a key of its length: the stored key
   * is kept only while it still fits.
   */
  async update(signature: AppSignatureEntity, changes: AppSignatureChanges): Promise<AppSignatureEntity> {
    const problems = new SignatureProblems();
    const suite = problems.suite(changes.ocraSuite ?? signature.ocraSuite);
    const key = changes.secret === undefined ? undefined : problems.key(changes.secret, suite);
    if (suite && key === undefined && changes.secret === undefined && parseOcraSuite(signature.ocraSuite).hash !== suite.hash) {
      problems.add('secret', `secret must be sent with a suite of another hash: HOTP-${suite.hash} needs a key of its own length`);
    }
    if (changes.redirectUris !== undefined) problems.redirectUris(changes.redirectUris);
    if (changes.scopes !== undefined) problems.scopes(changes.scopes, await this.allowedScopes(signature.environmentId));
    refuse(problems);

    const { secret: _secret, redirectUris, scopes, ...settings } = changes;
    Object.assign(signature, settings, {
      ...(suite && { ocraSuite: suite.suite }),
      ...(redirectUris && { redirectUris: [...redirectUris] }),
      ...(scopes && { scopes: [...new Set(scopes)] }),
      ...(key && { secretSealed: this.vault.seal(key, SEALED_PURPOSES.appSignatureSecret(signature.id)) }),
    });
    const saved = await this.repository.save(signature);
    // Its device clients' allowed scopes come from it: every instance drops the clients it resolved.
    await this.changes.announce();
    return saved;
  }

  /** Disables the device clients registered with the signature and revokes their logins, on every instance. */
  async revokeDevices(signatureId: string, reason = 'app_signature_revoked'): Promise<RevokedDevices> {
    const clientIds = await this.repository.disableDeviceClients(signatureId);
    let revokedLogins = 0;
    for (const clientId of clientIds) revokedLogins += await this.refreshTokens.revokeLoginsThrough({ clientId }, reason);
    return { devices: clientIds.length, revokedLogins };
  }

  /** Revokes its devices first: their clients stay, disabled, without a signature. */
  async delete(signatureId: string): Promise<RevokedDevices> {
    const revoked = await this.revokeDevices(signatureId, 'app_signature_deleted');
    await this.repository.delete(signatureId);
    return revoked;
  }

  /** A new row under a fresh id, its key (the one given, else a generated one) sealed for that id. */
  private sealed(environmentId: string, checked: CheckedSignature): { signature: AppSignatureEntity; secret: string } {
    const key = checked.key ?? generateKey(checked.suite);
    const id = randomUUID();
    const signature = this.repository.create({ id, environmentId, ...checked.settings, secretSealed: this.vault.seal(key, SEALED_PURPOSES.appSignatureSecret(id)) });
    return { signature, secret: key.toString('hex') };
  }

  /** The signature's OCRA key. */
  key(signature: AppSignatureEntity): Buffer {
    return this.vault.open(signature.secretSealed, SEALED_PURPOSES.appSignatureSecret(signature.id));
  }

  private async allowedScopes(environmentId: string): Promise<string[]> {
    return [...OIDC_SCOPES, ...(await this.repository.customScopes(environmentId))];
  }
}

/** A new signature that passed every rule of `create`, its absent optional fields defaulted. */
export interface CheckedSignature {
  readonly settings: Pick<
    AppSignatureEntity,
    'identifier' | 'version' | 'platform' | 'ocraSuite' | 'redirectUris' | 'scopes' | 'pinMaxAttempts' | 'pinMinLength' | 'dpop' | 'clientSecretTtlSeconds' | 'enabled'
  >;
  readonly suite: OcraSuite;
  /** The key given (`secret`), or undefined: one is generated when the signature is stored. */
  readonly key: Buffer | undefined;
}

/** The suite, the key when given, redirect URIs and scopes (against `allowedScopes`); every problem at once (DeviceError INVALID_PARAMETER). */
function checkNewSignature(input: NewAppSignature, allowedScopes: readonly string[]): CheckedSignature {
  const problems = new SignatureProblems();
  const suite = problems.suite(input.ocraSuite ?? APP_SIGNATURE_DEFAULTS.ocraSuite);
  const key = input.secret === undefined ? undefined : problems.key(input.secret, suite);
  problems.redirectUris(input.redirectUris);
  const scopes = input.scopes ?? APP_SIGNATURE_DEFAULTS.scopes;
  problems.scopes(scopes, allowedScopes);
  refuse(problems);
  return {
    settings: {
      identifier: input.identifier,
      version: input.version,
      platform: input.platform,
      ocraSuite: suite!.suite,
      redirectUris: [...input.redirectUris],
      scopes: [...new Set(scopes)],
      pinMaxAttempts: input.pinMaxAttempts ?? APP_SIGNATURE_DEFAULTS.pinMaxAttempts,
      pinMinLength: input.pinMinLength ?? APP_SIGNATURE_DEFAULTS.pinMinLength,
      dpop: input.dpop ?? APP_SIGNATURE_DEFAULTS.dpop,
      clientSecretTtlSeconds: input.clientSecretTtlSeconds ?? APP_SIGNATURE_DEFAULTS.clientSecretTtlSeconds,
      enabled: input.enabled ?? APP_SIGNATURE_DEFAULTS.enabled,
    },
    suite: suite!,
    key,
  };
}

function refuse(problems: SignatureProblems): void {
  if (problems.problems.length === 0) return;
  const [first] = problems.problems;
  throw new DeviceError('INVALID_PARAMETER', problems.problems.length === 1 ? first.message : 'the app signature has invalid fields', { fields: problems.problems });
}
