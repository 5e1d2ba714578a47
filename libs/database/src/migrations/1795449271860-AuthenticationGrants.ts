import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuthenticationGrants1795449271860 implements MigrationInterface {
  name = 'AuthenticationGrants1795449271860';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "authentication_grant" ("created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "environment_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "principal_id" uuid NOT NULL, "client_id" character varying(200) NOT NULL, "registered_client_id" uuid, "title" character varying(200), "description" character varying(2000), "key" character varying(64) NOT NULL, "secret_hash" character varying(128) NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "allow_open_driver_authentication" boolean NOT NULL DEFAULT false, "created_by" character varying(128), CONSTRAINT "PK_48a83053b8947b2313946e2d96c" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_authentication_grant_key" ON "authentication_grant" ("key") `);
    await queryRunner.query(`CREATE INDEX "ix_authentication_grant_registered_client" ON "authentication_grant" ("registered_client_id") `);
    await queryRunner.query(`CREATE INDEX "ix_authentication_grant_principal" ON "authentication_grant" ("principal_id") `);
    await queryRunner.query(`CREATE INDEX "ix_authentication_grant_organization" ON "authentication_grant" ("organization_id") `);
    await queryRunner.query(`CREATE INDEX "ix_authentication_grant_environment" ON "authentication_grant" ("environment_id") `);
    await queryRunner.query(`ALTER TABLE "authentication_grant" ADD CONSTRAINT "fk_authentication_grant_environment" FOREIGN KEY ("environment_id") REFERENCES "environment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "authentication_grant" ADD CONSTRAINT "fk_authentication_grant_account" FOREIGN KEY ("principal_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "authentication_grant" ADD CONSTRAINT "fk_authentication_grant_client" FOREIGN KEY ("registered_client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "refresh_token_family" ADD CONSTRAINT "fk_refresh_token_family_grant" FOREIGN KEY ("grant_id") REFERENCES "authentication_grant"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_token_family" DROP CONSTRAINT "fk_refresh_token_family_grant"`);
    await queryRunner.query(`ALTER TABLE "authentication_grant" DROP CONSTRAINT "fk_authentication_grant_client"`);
    await queryRunner.query(`ALTER TABLE "authentication_grant" DROP CONSTRAINT "fk_authentication_grant_account"`);
    await queryRunner.query(`ALTER TABLE "authentication_grant" DROP CONSTRAINT "fk_authentication_grant_environment"`);
    await queryRunner.query(`DROP INDEX "public"."ix_authentication_grant_environment"`);
    await queryRunner.query(`DROP INDEX "public"."ix_authentication_grant_organization"`);
    await queryRunner.query(`DROP INDEX "public"."ix_authentication_grant_principal"`);
    await queryRunner.query(`DROP INDEX "public"."ix_authentication_grant_registered_client"`);
    await queryRunner.query(`DROP INDEX "public"."uq_authentication_grant_key"`);
    await queryRunner.query(`DROP TABLE "authentication_grant"`);
  }
}
