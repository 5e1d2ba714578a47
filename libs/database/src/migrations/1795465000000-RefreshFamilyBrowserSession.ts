import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A login records the browser session it was made in, so RP-initiated logout finds it without its
 * authorization code. Existing logins take it from their code where the code and its session remain.
 */
export class RefreshFamilyBrowserSession1795465000000 implements MigrationInterface {
  name = 'RefreshFamilyBrowserSession1795465000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_token_family" ADD "browser_session_id" uuid`);
    await queryRunner.query(
      `CREATE INDEX "ix_refresh_token_family_session" ON "refresh_token_family" ("browser_session_id") WHERE browser_session_id IS NOT NULL`,
    );
    // Joined through browser_session: a code's session_id is free text, only ids of stored sessions cast safely.
    await queryRunner.query(
      `UPDATE "refresh_token_family" "f" SET "browser_session_id" = "s"."id"
       FROM "authorization_code" "c" JOIN "browser_session" "s" ON "s"."id"::text = "c"."session_id"
       WHERE "c"."family_id" = "f"."id"`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_refresh_token_family_session"`);
    await queryRunner.query(`ALTER TABLE "refresh_token_family" DROP COLUMN "browser_session_id"`);
  }
}
