import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * App signatures (docs/admin-api.md#app-signatures): one approved app build per environment,
 * identifier, version and platform; device clients point at the signature they registered with
 * (kept, disabled, when it is deleted).
 */
export class AppSignatures1796623225939 implements MigrationInterface {
  name = 'AppSignatures1796623225939';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "app_signature" ("created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL, "environment_id" uuid NOT NULL, "identifier" character varying(200) NOT NULL, "version" character varying(50) NOT NULL, "platform" character varying(16) NOT NULL, "ocra_suite" character varying(64) NOT NULL, "secret_sealed" text NOT NULL, "redirect_uris" text array NOT NULL DEFAULT '{}', "scopes" text array NOT NULL DEFAULT '{}', "pin_max_attempts" integer NOT NULL DEFAULT '3', "pin_min_length" integer NOT NULL DEFAULT '5', "dpop" character varying(16) NOT NULL DEFAULT 'required', "client_secret_ttl_seconds" integer NOT NULL DEFAULT '0', "enabled" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_2ab6dbe1d3053db3af24f1a9db4" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_app_signature_version" ON "app_signature" ("environment_id", "identifier", "version", "platform") `);
    await queryRunner.query(`ALTER TABLE "client" ADD "app_signature_id" uuid`);
    await queryRunner.query(`CREATE INDEX "ix_client_app_signature" ON "client" ("app_signature_id") `);
    await queryRunner.query(`ALTER TABLE "app_signature" ADD CONSTRAINT "fk_app_signature_environment" FOREIGN KEY ("environment_id") REFERENCES "environment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "client" ADD CONSTRAINT "fk_client_app_signature" FOREIGN KEY ("app_signature_id") REFERENCES "app_signature"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "client" DROP CONSTRAINT "fk_client_app_signature"`);
    await queryRunner.query(`ALTER TABLE "app_signature" DROP CONSTRAINT "fk_app_signature_environment"`);
    await queryRunner.query(`DROP INDEX "public"."ix_client_app_signature"`);
    await queryRunner.query(`ALTER TABLE "client" DROP COLUMN "app_signature_id"`);
    await queryRunner.query(`DROP INDEX "public"."uq_app_signature_version"`);
    await queryRunner.query(`DROP TABLE "app_signature"`);
  }
}
