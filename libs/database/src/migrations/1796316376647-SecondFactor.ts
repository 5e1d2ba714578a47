import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The second factor (docs/security.md#second-factor): TOTP factors (one per account and type),
 * recovery codes by account, and the pending logins behind an mfa_token, deleted by expiry.
 */
export class SecondFactor1796316376647 implements MigrationInterface {
  name = 'SecondFactor1796316376647';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "mfa_factor" ("created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "account_id" uuid NOT NULL, "environment_id" uuid NOT NULL, "type" character varying(16) NOT NULL, "secret_sealed" text NOT NULL, "confirmed_at" TIMESTAMP WITH TIME ZONE, "last_used_step" bigint, CONSTRAINT "PK_8e6af0da53f3790894194a5a0ef" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_mfa_factor_account_type" ON "mfa_factor" ("account_id", "type") `);
    await queryRunner.query(`CREATE TABLE "recovery_code" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "account_id" uuid NOT NULL, "code_hash" character(64) NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b7f1e23329e93a80e25fd281922" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_recovery_code_account" ON "recovery_code" ("account_id") `);
    await queryRunner.query(`CREATE TABLE "mfa_challenge" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_hash" character(64) NOT NULL, "account_id" uuid NOT NULL, "environment_id" uuid NOT NULL, "client_id" character varying(200) NOT NULL, "login" jsonb NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "consumed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5ab263b5dc61af1bff77efa1174" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_mfa_challenge_account" ON "mfa_challenge" ("account_id") `);
    await queryRunner.query(`CREATE INDEX "ix_mfa_challenge_expires" ON "mfa_challenge" ("expires_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_mfa_challenge_token" ON "mfa_challenge" ("token_hash") `);
    await queryRunner.query(`ALTER TABLE "mfa_factor" ADD CONSTRAINT "fk_mfa_factor_account" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "mfa_factor" ADD CONSTRAINT "fk_mfa_factor_environment" FOREIGN KEY ("environment_id") REFERENCES "environment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "recovery_code" ADD CONSTRAINT "fk_recovery_code_account" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "mfa_challenge" ADD CONSTRAINT "fk_mfa_challenge_account" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "mfa_challenge" ADD CONSTRAINT "fk_mfa_challenge_environment" FOREIGN KEY ("environment_id") REFERENCES "environment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mfa_challenge" DROP CONSTRAINT "fk_mfa_challenge_environment"`);
    await queryRunner.query(`ALTER TABLE "mfa_challenge" DROP CONSTRAINT "fk_mfa_challenge_account"`);
    await queryRunner.query(`ALTER TABLE "recovery_code" DROP CONSTRAINT "fk_recovery_code_account"`);
    await queryRunner.query(`ALTER TABLE "mfa_factor" DROP CONSTRAINT "fk_mfa_factor_environment"`);
    await queryRunner.query(`ALTER TABLE "mfa_factor" DROP CONSTRAINT "fk_mfa_factor_account"`);
    await queryRunner.query(`DROP INDEX "public"."uq_mfa_challenge_token"`);
    await queryRunner.query(`DROP INDEX "public"."ix_mfa_challenge_expires"`);
    await queryRunner.query(`DROP INDEX "public"."ix_mfa_challenge_account"`);
    await queryRunner.query(`DROP TABLE "mfa_challenge"`);
    await queryRunner.query(`DROP INDEX "public"."ix_recovery_code_account"`);
    await queryRunner.query(`DROP TABLE "recovery_code"`);
    await queryRunner.query(`DROP INDEX "public"."uq_mfa_factor_account_type"`);
    await queryRunner.query(`DROP TABLE "mfa_factor"`);
  }
}
