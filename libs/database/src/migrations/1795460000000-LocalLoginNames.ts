import { MigrationInterface, QueryRunner } from 'typeorm';

export class LocalLoginNames1795460000000 implements MigrationInterface {
  name = 'LocalLoginNames1795460000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "local_login_name" ("environment_id" uuid NOT NULL, "name" character varying(320) NOT NULL, "identity_id" uuid NOT NULL, CONSTRAINT "PK_b7753b5c01e15e0da71596dd777" PRIMARY KEY ("environment_id", "name"))`);
    await queryRunner.query(`CREATE INDEX "ix_local_login_name_identity" ON "local_login_name" ("identity_id") `);
    await queryRunner.query(`ALTER TABLE "local_login_name" ADD CONSTRAINT "fk_local_login_name_identity" FOREIGN KEY ("identity_id") REFERENCES "identity"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // Existing identities claim their names: usernames first (already unique), then emails, oldest
    // first; a name already claimed stays with its first holder.
    await queryRunner.query(
      `INSERT INTO "local_login_name" ("environment_id", "name", "identity_id")
       SELECT "environment_id", "username_normalized", "id" FROM "identity"
       WHERE "provider" = 'local' AND "username_normalized" IS NOT NULL ORDER BY "created_at", "id"
       ON CONFLICT DO NOTHING`,
    );
    await queryRunner.query(
      `INSERT INTO "local_login_name" ("environment_id", "name", "identity_id")
       SELECT "environment_id", "email_normalized", "id" FROM "identity"
       WHERE "provider" = 'local' AND "email_normalized" IS NOT NULL ORDER BY "created_at", "id"
       ON CONFLICT DO NOTHING`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "local_login_name" DROP CONSTRAINT "fk_local_login_name_identity"`);
    await queryRunner.query(`DROP INDEX "public"."ix_local_login_name_identity"`);
    await queryRunner.query(`DROP TABLE "local_login_name"`);
  }
}
