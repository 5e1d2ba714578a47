import type { KeyObject } from 'node:crypto';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ClusterNotifications, SigningKeyEntity, type SigningAlg } from '@rapidauth/database';
import { SEALED_PURPOSES, Vault } from '@rapidauth/vault';
import { errors as joseErrors, type JWK, type JWTHeaderParameters } from 'jose';
import { TOKEN_ACCEPTANCE_SECONDS } from '../tokens/token-lifetime';
import { generateKeyMaterial, privateKeyFromPem, publicKeyFromJwk } from './key-material';
import { SigningKeyRepository } from './signing-key.repository';

/** A new key is in JWKS this long before it signs, so every cache (ours, clients') has it first. */
export const PUBLISH_LEAD_SECONDS = 600;
/** How often an instance rereads the keys; far below PUBLISH_LEAD_SECONDS. */
const RELOAD_INTERVAL_MS = 60_000;
/** Tells every instance to reread the keys (after a rotation). */
const KEYS_CHANNEL = 'rapidauth_signing_keys';
const VAULT_PURPOSE = SEALED_PURPOSES.signingKey;

export interface LoadedKey {
  readonly kid: string;
  readonly alg: SigningAlg;
  readonly publicJwk: JWK;
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
  readonly activatesAt: Date;
  readonly deactivatedAt: Date | null;
}

/**
 * The signing keys (RS256 for ID tokens, ES256 for access tokens), kept in memory and reread from
 * the database when a rotation is announced (and every minute anyway), so every instance signs
 * with the same current key and verifies with all published ones. Rotation publishes first and
 * signs later (PUBLISH_LEAD_SECONDS).
 */
@Injectable()
export class SigningKeys implements OnModuleDestroy {
  private readonly logger = new Logger(SigningKeys.name);
  private keys: LoadedKey[] = [];
  private timer?: NodeJS.Timeout;
  private lastReload = 0;

  constructor(
    private readonly repository: SigningKeyRepository,
    private readonly vault: Vault,
    private readonly notifications: ClusterNotifications,
  ) {}

  /** Creates a first key per algorithm where none exists, loads all, and keeps them current. */
  async start(now = new Date()): Promise<void> {
    await this.notifications.subscribe(KEYS_CHANNEL, () => void this.reload().catch((error: Error) => this.logger.warn(`signing key reload failed, keeping the keys held: ${error.message}`)));
    this.notifications.onResync(() => this.reload());
    await this.notifications.start();
    for (const alg of ['RS256', 'ES256'] as const) {
      await this.repository.exclusively(async (manager) => {
        if ((await this.repository.findCurrent(manager, alg)).length === 0) {
          await manager.save(await this.newKey(alg, now));
        }
      });
    }
    await this.reload(now);
    this.timer ??= setInterval(() => void this.reload().catch((error: Error) => this.logger.warn(`signing key reload failed, keeping the keys held: ${error.message}`)), RELOAD_INTERVAL_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /**
   * Publishes a new key for `alg` now; it signs from now + PUBLISH_LEAD_SECONDS, when the current
   * one stops signing and is kept published until everything it signed has expired.
   */
  async rotate(alg: SigningAlg, now = new Date()): Promise<{ kid: string; activatesAt: Date }> {
    const created = await this.repository.exclusively(async (manager) => {
      const key = await this.newKey(alg, new Date(now.getTime() + PUBLISH_LEAD_SECONDS * 1000));
      for (const current of await this.repository.findCurrent(manager, alg)) {
        current.deactivatedAt = key.activatesAt;
        current.retiresAt = new Date(key.activatesAt.getTime() + TOKEN_ACCEPTANCE_SECONDS * 1000);
        await manager.save(current);
      }
      const saved = await manager.save(key);
      await this.notifications.publish(KEYS_CHANNEL, saved.kid, manager);
      return saved;
    });
    await this.reload(now);
    this.notifications.announceLocally(KEYS_CHANNEL, created.kid);
    return { kid: created.kid, activatesAt: created.activatesAt };
  }

  /** The key that signs `alg` at `now`: the newest active one. */
  signer(alg: SigningAlg, now = new Date()): LoadedKey {
    let best: LoadedKey | undefined;
    for (const key of this.keys) {
      if (key.alg !== alg || key.activatesAt > now || (key.deactivatedAt && key.deactivatedAt <= now)) continue;
      if (!best || key.activatesAt > best.activatesAt) best = key;
    }
    if (!best) throw new Error(`no active ${alg} signing key (has SigningKeys.start run?)`);
    return best;
  }

  /** A published key by kid; rereads once (at most every 5 s) for a kid another instance just made. */
  async verificationKey(kid: string): Promise<LoadedKey | undefined> {
    const known = this.keys.find((key) => key.kid === kid);
    if (known || Date.now() - this.lastReload < 5_000) return known;
    await this.reload();
    return this.keys.find((key) => key.kid === kid);
  }

  /**
   * jose's key resolver for tokens we issued: the published key named by `kid`, of the header's
   * algorithm; otherwise a JOSE error, which verifiers treat like a bad signature.
   */
  readonly publicKeyFor = async (header: JWTHeaderParameters): Promise<KeyObject> => {
    const key = header.kid ? await this.verificationKey(header.kid) : undefined;
    if (!key || key.alg !== header.alg) throw new joseErrors.JWKSNoMatchingKey();
    return key.publicKey;
  };

  /** The JWKS document: every published key, signing or not yet/no longer. */
  jwks(): { keys: JWK[] } {
    return { keys: this.keys.map((key) => key.publicJwk) };
  }

  async reload(now = new Date()): Promise<void> {
    const rows = await this.repository.findPublished(now);
    const previous = new Map(this.keys.map((key) => [key.kid, key]));
    this.keys = rows.map((row) => {
      const known = previous.get(row.kid);
      return known && sameDates(known, row) ? known : this.load(row);
    });
    this.lastReload = Date.now();
  }

  private load(row: SigningKeyEntity): LoadedKey {
    const publicJwk = row.publicJwk as JWK;
    return {
      kid: row.kid,
      alg: row.alg,
      publicJwk,
      publicKey: publicKeyFromJwk(publicJwk),
      privateKey: privateKeyFromPem(this.vault.open(row.encryptedPrivateKey, VAULT_PURPOSE).toString()),
      activatesAt: row.activatesAt,
      deactivatedAt: row.deactivatedAt,
    };
  }

  private async newKey(alg: SigningAlg, activatesAt: Date): Promise<SigningKeyEntity> {
    const material = await generateKeyMaterial(alg);
    return Object.assign(new SigningKeyEntity(), {
      kid: material.kid,
      alg,
      publicJwk: material.publicJwk,
      encryptedPrivateKey: this.vault.seal(material.privatePkcs8, VAULT_PURPOSE),
      encryptionKeyId: this.vault.currentKeyId,
      activatesAt,
      deactivatedAt: null,
      retiresAt: null,
    });
  }
}

function sameDates(key: LoadedKey, row: SigningKeyEntity): boolean {
  return key.activatesAt.getTime() === row.activatesAt.getTime() && key.deactivatedAt?.getTime() === row.deactivatedAt?.getTime();
}
