import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The upstream refresh lease on `vault_entry` (one instance refreshes a family's upstream tokens at
 * a time) and the first token's expiry, which the background validation picks entries by
 * (docs/gateway.md#upstream-refresh). Existing entries start without one: their next refresh writes it.
 */
export class UpstreamRefreshLease1796276094501 implements MigrationInterface {
  name = 'UpstreamRefreshLease1796276094501';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "vault_entry" ADD "earliest_expires_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "vault_entry" ADD "lease_holder" uuid`);
    await queryRunner.query(`ALTER TABLE "vault_entry" ADD "lease_expires_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE INDEX "ix_vault_entry_earliest_expires" ON "vault_entry" ("earliest_expires_at", "family_id") WHERE earliest_expires_at IS NOT NULL AND family_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_vault_entry_earliest_expires"`);
    await queryRunner.query(`ALTER TABLE "vault_entry" DROP COLUMN "lease_expires_at"`);
    await queryRunner.query(`ALTER TABLE "vault_entry" DROP COLUMN "lease_holder"`);
    await queryRunner.query(`ALTER TABLE "vault_entry" DROP COLUMN "earliest_expires_at"`);
  }
}
