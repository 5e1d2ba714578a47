import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts that end on their own (anonymous logins): `expires_at`, null for never. The partial
 * index serves the expiry cleanup, which deletes them with everything that cascades from them.
 */
export class AccountExpiry1796604119526 implements MigrationInterface {
  name = 'AccountExpiry1796604119526';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "account" ADD "expires_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE INDEX "ix_account_expires" ON "account" ("expires_at") WHERE expires_at IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_account_expires"`);
    await queryRunner.query(`ALTER TABLE "account" DROP COLUMN "expires_at"`);
  }
}
