import { Injectable } from '@nestjs/common';
import { AppSignatureEntity, ClientEntity, deleteExpiredBatch } from '@rapidauth/database';
import { DataSource } from 'typeorm';

/** A registration's challenge as its single answer sees it. */
export interface ConsumedRegistration {
  readonly id: string;
  readonly appSignatureId: string;
  readonly challenge: string;
}

/** Why a registration could not be consumed. */
export type UnconsumableReason = 'used' | 'unknown';

/** The SQL of device registrations and of the device clients they create. */
@Injectable()
export class DeviceRegistrationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The enabled signatures of one app build, in every environment. */
  async findEnabledSignatures(identifier: string, version: string, platform: string): Promise<AppSignatureEntity[]> {
    return this.dataSource.manager.find(AppSignatureEntity, { where: { identifier, version, platform: platform as AppSignatureEntity['platform'], enabled: true }, take: 2 });
  }

  async findSignature(id: string): Promise<AppSignatureEntity | null> {
    return this.dataSource.manager.findOneBy(AppSignatureEntity, { id });
  }

  /** A registration and its signature's suite, as long as it exists (answered or not). */
  async findPending(id: string): Promise<{ ocraSuite: string; signature: { id: string; environmentId: string } } | null> {
    const [row]: { ocra_suite: string; id: string; environment_id: string }[] = await this.dataSource.query(
      `SELECT s."ocra_suite", s."id", s."environment_id" FROM "device_registration" r JOIN "app_signature" s ON s."id" = r."app_signature_id" WHERE r."id" = $1`,
      [id],
    );
    return row ? { ocraSuite: row.ocra_suite, signature: { id: row.id, environmentId: row.environment_id } } : null;
  }

  /** Stores a challenge valid for `ttlSeconds` by the database's clock; its id and expiry. */
  async insert(appSignatureId: string, challenge: string, ttlSeconds: number): Promise<{ id: string; expiresAt: Date }> {
    const [row]: { id: string; expires_at: Date }[] = await this.dataSource.query(
      `INSERT INTO "device_registration" ("app_signature_id", "challenge", "expires_at") VALUES ($1, $2, now() + make_interval(secs => $3)) RETURNING "id", "expires_at"`,
      [appSignatureId, challenge, ttlSeconds],
    );
    return { id: row.id, expiresAt: row.expires_at };
  }

  /** One batch of challenges past their expiry, answered or not: nothing reads them after it (docs/operations.md, "Expiry cleanup"). */
  deleteExpired(now: Date, batchSize: number): Promise<number> {
    return deleteExpiredBatch(this.dataSource, { table: 'device_registration', where: '"expires_at" <= $1', orderBy: '"expires_at"', params: [now] }, batchSize);
  }

  /**
   * Spends the registration's one attempt, whatever its answer turns out to be: of concurrent
   * callers exactly one gets the row; the others, and every later one, get why not.
   */
  async consume(id: string): Promise<ConsumedRegistration | UnconsumableReason> {
    const [rows]: [{ id: string; app_signature_id: string; challenge: string }[], number] = await this.dataSource.query(
      `UPDATE "device_registration" SET "consumed_at" = now() WHERE "id" = $1 AND "consumed_at" IS NULL AND "expires_at" > now() RETURNING "id", "app_signature_id", "challenge"`,
      [id],
    );
    if (rows.length === 1) return { id: rows[0].id, appSignatureId: rows[0].app_signature_id, challenge: rows[0].challenge };
    const [left]: { used: boolean }[] = await this.dataSource.query(`SELECT "consumed_at" IS NOT NULL AS "used" FROM "device_registration" WHERE "id" = $1`, [id]);
    return left?.used ? 'used' : 'unknown';
  }

  async insertClient(values: Partial<ClientEntity>): Promise<ClientEntity> {
    const manager = this.dataSource.manager;
    return manager.save(manager.create(ClientEntity, values));
  }

  async findDeviceClient(clientId: string): Promise<ClientEntity | null> {
    return this.dataSource.manager.findOneBy(ClientEntity, { clientId, kind: 'device' });
  }

  /** Replaces the secret and registration token, only if the token presented is still the current one. */
  async replaceCredentials(id: string, presentedTokenHash: string, changes: { secretHash: string; registrationTokenHash: string; secretExpiresAt: Date | null }): Promise<boolean> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `UPDATE "client" SET "secret_hash" = $3, "registration_token_hash" = $4, "secret_expires_at" = $5, "updated_at" = now() WHERE "id" = $1 AND "registration_token_hash" = $2 AND "enabled" AND "kind" = 'device'`,
      [id, presentedTokenHash, changes.secretHash, changes.registrationTokenHash, changes.secretExpiresAt],
    );
    return count === 1;
  }

  /** Disables the device client and forgets its registration token. */
  async disable(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE "client" SET "enabled" = false, "registration_token_hash" = NULL, "updated_at" = now() WHERE "id" = $1 AND "kind" = 'device'`, [id]);
  }
}
