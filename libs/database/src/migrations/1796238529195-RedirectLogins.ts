import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Redirect logins (OIDC, OAuth2, SAML): the login transaction keeps the hash of the `state` it sent
 * upstream (found again by it at the callback), the service it went to, what the connector kept
 * (sealed), and once the callback verified the answer, who signed in and the upstream's tokens (sealed).
 */
export class RedirectLogins1796238529195 implements MigrationInterface {
  name = 'RedirectLogins1796238529195';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "login_transaction" ADD "state_hash" character(64)`);
    await queryRunner.query(`ALTER TABLE "login_transaction" ADD "redirect_service_id" uuid`);
    await queryRunner.query(`ALTER TABLE "login_transaction" ADD "sealed_kept" text`);
    await queryRunner.query(`ALTER TABLE "login_transaction" ADD "signed_in" jsonb`);
    await queryRunner.query(`ALTER TABLE "login_transaction" ADD "sealed_upstream_tokens" text`);
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_login_transaction_state_hash" ON "login_transaction" ("state_hash")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ux_login_transaction_state_hash"`);
    await queryRunner.query(`ALTER TABLE "login_transaction" DROP COLUMN "sealed_upstream_tokens"`);
    await queryRunner.query(`ALTER TABLE "login_transaction" DROP COLUMN "signed_in"`);
    await queryRunner.query(`ALTER TABLE "login_transaction" DROP COLUMN "sealed_kept"`);
    await queryRunner.query(`ALTER TABLE "login_transaction" DROP COLUMN "redirect_service_id"`);
    await queryRunner.query(`ALTER TABLE "login_transaction" DROP COLUMN "state_hash"`);
  }
}
