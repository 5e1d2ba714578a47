import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The expiry cleanup finds revoked logins by when they were revoked (docs/operations.md, "Expiry
 * cleanup"); partial, since most families are never revoked.
 */
export class CleanupIndexes1796276154810 implements MigrationInterface {
  name = 'CleanupIndexes1796276154810';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_refresh_token_family_revoked" ON "refresh_token_family" ("revoked_at") WHERE revoked_at IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_refresh_token_family_revoked"`);
  }
}
