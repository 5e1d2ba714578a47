import { createPublicKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ClusterNotifications } from '@rapidauth/database';
import { SEALED_PURPOSES, Vault } from '@rapidauth/vault';
import { DataSource, type EntityManager } from 'typeorm';
import { DELIVERY_AVAILABILITY, type DeliveryAvailability } from '../delivery/delivery-availability';
import type { IdentityMethodSettings } from './identity-method-settings';
import { IdentitySettingsRepository, type StoredRow } from './identity-settings.repository';
import { mergeOverDefaults, planUpdate } from './settings-patch';
import { planImport, type PlannedImport } from './settings-transfer';

/** Settings are kept this long at most; a change drops them at once on every instance. */
const CACHE_TTL_MS = 30_000;
const CACHE_MAX_ENTRIES = 10_000;
/** Payload: the environment id whose settings changed. */
export const IDENTITY_SETTINGS_CHANNEL = 'rapidauth_identity_settings_changed';

/** The key a custom token is verified with: the HS256 secret, or the RS256/ES256 public key. */
export type CustomTokenKey = { readonly algorithm: 'HS256'; readonly secret: Buffer } | { readonly algorithm: 'RS256' | 'ES256'; readonly publicKey: KeyObject };

export interface SettingsUpdate {
  readonly settings: IdentityMethodSettings;
  readonly changedFields: readonly string[];
}

/**
 * An environment's identity methods (docs/admin-api.md#identity-methods). Read on every login, so
 * kept in memory per environment; every change is announced through ClusterNotifications (NOTIFY on
 * commit), which drops the entry on every instance, and after a lost notification connection
 * everything is dropped.
 */
@Injectable()
export class IdentityMethods implements OnApplicationBootstrap {
  private readonly repository: IdentitySettingsRepository;
  private readonly cache = new Map<string, { row: StoredRow | undefined; expiresAt: number }>();
  /** Counts the changes heard: a read begun before one may hold what it changed, so it is not kept. */
  private changesHeard = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly vault: Vault,
    private readonly notifications: ClusterNotifications,
    @Inject(DELIVERY_AVAILABILITY) private readonly delivery: DeliveryAvailability,
  ) {
    this.repository = new IdentitySettingsRepository(dataSource);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.notifications.subscribe(IDENTITY_SETTINGS_CHANNEL, (environmentId) => this.forget(environmentId));
    this.notifications.onResync(async () => this.forget());
    await this.notifications.start();
  }

  /** The settings in force: the defaults where nothing was changed. */
  async forEnvironment(environmentId: string): Promise<IdentityMethodSettings> {
    const row = await this.row(environmentId);
    return mergeOverDefaults(row?.overrides ?? {}, Boolean(row?.customTokenSecretSealed));
  }

  /** The custom-token verification key for the configured algorithm, or null when there is none. */
  async customTokenKey(environmentId: string): Promise<CustomTokenKey | null> {
    const row = await this.row(environmentId);
    const { customToken } = mergeOverDefaults(row?.overrides ?? {});
    if (customToken.algorithm === 'HS256') {
      if (!row?.customTokenSecretSealed) return null;
      return { algorithm: 'HS256', secret: this.vault.open(row.customTokenSecretSealed, SEALED_PURPOSES.identityCustomTokenSecret(environmentId)) };
    }
    return customToken.publicKey === null ? null : { algorithm: customToken.algorithm, publicKey: createPublicKey(customToken.publicKey) };
  }

  /** Applies an RFC 7396 merge patch (validated whole: any problem refuses it, nothing changed) and tells every instance. */
  async update(environmentId: string, patch: unknown): Promise<SettingsUpdate> {
    const update = await this.dataSource.transaction(async (manager) => {
      const stored = await this.repository.lock(manager, environmentId);
      const planned = planUpdate({ overrides: stored.overrides, secretSet: stored.customTokenSecretSealed !== null }, patch, {
        canMail: this.delivery.email(),
        canText: this.delivery.sms(),
      });
      const sealed =
        planned.secret.kind === 'set'
          ? this.vault.seal(planned.secret.secret, SEALED_PURPOSES.identityCustomTokenSecret(environmentId))
          : planned.secret.kind === 'clear'
            ? null
            : stored.customTokenSecretSealed;
      await this.repository.save(manager, environmentId, { overrides: planned.overrides, customTokenSecretSealed: sealed });
      await this.notifications.publish(IDENTITY_SETTINGS_CHANNEL, environmentId, manager);
      return { settings: planned.settings, changedFields: planned.changedFields };
    });
    this.notifications.announceLocally(IDENTITY_SETTINGS_CHANNEL, environmentId);
    return update;
  }

  /** Each environment's settings as answered (the secret only as `secretSet`), read through the caller's snapshot. */
  async forExport(manager: EntityManager, environmentIds: readonly string[]): Promise<Map<string, IdentityMethodSettings>> {
    const rows = await this.repository.findMany(manager, environmentIds);
    return new Map(
      environmentIds.map((id) => {
        const row = rows.get(id);
        return [id, mergeOverDefaults(row?.overrides ?? {}, Boolean(row?.customTokenSecretSealed))];
      }),
    );
  }

  /** Validates settings from a transfer document as `update` validates a patch of an untouched environment. */
  planImport(document: Record<string, unknown>, secret: string | undefined): PlannedImport {
    return planImport(document, secret, { canMail: this.delivery.email(), canText: this.delivery.sms() });
  }

  /**
   * Stores imported settings for an environment created in the caller's transaction. No instance can
   * have cached an environment that did not exist, so nothing is announced.
   */
  async writeImported(manager: EntityManager, environmentId: string, planned: PlannedImport): Promise<void> {
    const sealed = planned.secret === null ? null : this.vault.seal(planned.secret, SEALED_PURPOSES.identityCustomTokenSecret(environmentId));
    if (Object.keys(planned.overrides).length === 0 && sealed === null) return;
    await this.repository.insert(manager, environmentId, { overrides: planned.overrides, customTokenSecretSealed: sealed });
  }

  private async row(environmentId: string): Promise<StoredRow | undefined> {
    const cached = this.cache.get(environmentId);
    if (cached && cached.expiresAt > Date.now()) return cached.row;
    const heardBefore = this.changesHeard;
    const row = await this.repository.find(environmentId);
    if (heardBefore === this.changesHeard) {
      if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.clear();
      this.cache.set(environmentId, { row, expiresAt: Date.now() + CACHE_TTL_MS });
    }
    return row;
  }

  private forget(environmentId?: string): void {
    this.changesHeard++;
    if (environmentId) this.cache.delete(environmentId);
    else this.cache.clear();
  }
}
