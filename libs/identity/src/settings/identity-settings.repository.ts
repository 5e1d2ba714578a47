import { EnvironmentIdentitySettingsEntity } from '@rapidauth/database';
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { StoredOverrides } from './settings-patch';

export interface StoredRow {
  readonly overrides: StoredOverrides;
  readonly customTokenSecretSealed: string | null;
}

/** The SQL of environment_identity_settings: at most one row per environment. */
export class IdentitySettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(environmentId: string): Promise<StoredRow | undefined> {
    const row = await this.dataSource.manager.findOneBy(EnvironmentIdentitySettingsEntity, { environmentId });
    return row ? { overrides: row.settings, customTokenSecretSealed: row.customTokenSecretSealed } : undefined;
  }

  /** The rows of these environments, through the caller's manager (a transaction's snapshot). */
  async findMany(manager: EntityManager, environmentIds: readonly string[]): Promise<Map<string, StoredRow>> {
    if (environmentIds.length === 0) return new Map();
    const rows = await manager.findBy(EnvironmentIdentitySettingsEntity, { environmentId: In([...environmentIds]) });
    return new Map(rows.map((row) => [row.environmentId, { overrides: row.settings, customTokenSecretSealed: row.customTokenSecretSealed }]));
  }

  /** The row of an environment created in the caller's transaction. */
  async insert(manager: EntityManager, environmentId: string, row: StoredRow): Promise<void> {
    await manager.query(`INSERT INTO "environment_identity_settings" ("environment_id", "settings", "custom_token_secret_sealed") VALUES ($1, $2::jsonb, $3)`, [
      environmentId,
      JSON.stringify(row.overrides),
      row.customTokenSecretSealed,
    ]);
  }

  /** The row, locked until the transaction ends (created empty when missing), so concurrent patches apply one after the other. */
  async lock(manager: EntityManager, environmentId: string): Promise<StoredRow> {
    await manager.query(
      `INSERT INTO "environment_identity_settings" ("environment_id", "settings") VALUES ($1, '{}'::jsonb) ON CONFLICT ("environment_id") DO NOTHING`,
      [environmentId],
    );
    const [row] = (await manager.query(
      `SELECT "settings", "custom_token_secret_sealed" FROM "environment_identity_settings" WHERE "environment_id" = $1 FOR UPDATE`,
      [environmentId],
    )) as { settings: StoredOverrides; custom_token_secret_sealed: string | null }[];
    return { overrides: row.settings, customTokenSecretSealed: row.custom_token_secret_sealed };
  }

  async save(manager: EntityManager, environmentId: string, row: StoredRow): Promise<void> {
    await manager.query(
      `UPDATE "environment_identity_settings" SET "settings" = $2::jsonb, "custom_token_secret_sealed" = $3, "updated_at" = now() WHERE "environment_id" = $1`,
      [environmentId, JSON.stringify(row.overrides), row.customTokenSecretSealed],
    );
  }
}
