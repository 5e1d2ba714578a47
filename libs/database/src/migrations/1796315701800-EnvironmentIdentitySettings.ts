import { MigrationInterface, QueryRunner } from 'typeorm';

/** An environment's identity-method settings (docs/admin-api.md#identity-methods), one row at most per environment. */
export class EnvironmentIdentitySettings1796315701800 implements MigrationInterface {
  name = 'EnvironmentIdentitySettings1796315701800';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "environment_identity_settings" ("created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "environment_id" uuid NOT NULL, "settings" jsonb NOT NULL, "custom_token_secret_sealed" text, CONSTRAINT "PK_eacc6078f57514e2dd07597ab36" PRIMARY KEY ("environment_id"))`);
    await queryRunner.query(`ALTER TABLE "environment_identity_settings" ADD CONSTRAINT "fk_environment_identity_settings_environment" FOREIGN KEY ("environment_id") REFERENCES "environment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "environment_identity_settings" DROP CONSTRAINT "fk_environment_identity_settings_environment"`);
    await queryRunner.query(`DROP TABLE "environment_identity_settings"`);
  }
}
