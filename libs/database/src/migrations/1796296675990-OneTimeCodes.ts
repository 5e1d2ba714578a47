import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One-time codes sent by mail or SMS (docs/security.md#one-time-codes): looked up by environment,
 * purpose and destination, newest first; the cleanup deletes them by expiry.
 */
export class OneTimeCodes1796296675990 implements MigrationInterface {
  name = 'OneTimeCodes1796296675990';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "one_time_code" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "environment_id" uuid NOT NULL, "purpose" character varying(32) NOT NULL, "destination" character varying(254) NOT NULL, "code_hash" character(64) NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "max_attempts" integer NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "consumed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "account_id" uuid, "identity_id" uuid, "payload" jsonb, CONSTRAINT "PK_9fa97786ad11230e9563879e5bd" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_one_time_code_lookup" ON "one_time_code" ("environment_id", "purpose", "destination", "created_at") `);
    await queryRunner.query(`CREATE INDEX "ix_one_time_code_expires" ON "one_time_code" ("expires_at") `);
    await queryRunner.query(`CREATE INDEX "ix_one_time_code_account" ON "one_time_code" ("account_id") WHERE account_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "ix_one_time_code_identity" ON "one_time_code" ("identity_id") WHERE identity_id IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "one_time_code" ADD CONSTRAINT "fk_one_time_code_environment" FOREIGN KEY ("environment_id") REFERENCES "environment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "one_time_code" ADD CONSTRAINT "fk_one_time_code_account" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "one_time_code" ADD CONSTRAINT "fk_one_time_code_identity" FOREIGN KEY ("identity_id") REFERENCES "identity"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "one_time_code" DROP CONSTRAINT "fk_one_time_code_identity"`);
    await queryRunner.query(`ALTER TABLE "one_time_code" DROP CONSTRAINT "fk_one_time_code_account"`);
    await queryRunner.query(`ALTER TABLE "one_time_code" DROP CONSTRAINT "fk_one_time_code_environment"`);
    await queryRunner.query(`DROP INDEX "public"."ix_one_time_code_identity"`);
    await queryRunner.query(`DROP INDEX "public"."ix_one_time_code_account"`);
    await queryRunner.query(`DROP INDEX "public"."ix_one_time_code_expires"`);
    await queryRunner.query(`DROP INDEX "public"."ix_one_time_code_lookup"`);
    await queryRunner.query(`DROP TABLE "one_time_code"`);
  }
}
