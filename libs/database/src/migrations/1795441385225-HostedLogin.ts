import { MigrationInterface, QueryRunner } from 'typeorm';

export class HostedLogin1795441385225 implements MigrationInterface {
  name = 'HostedLogin1795441385225';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "browser_session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cookie_hash" character(64) NOT NULL, "environment_id" uuid NOT NULL, "account_id" uuid NOT NULL, "identity_id" uuid NOT NULL, "auth_service_id" uuid NOT NULL, "auth_time" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_302115be515504c021577b4d237" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_browser_session_hash" ON "browser_session" ("cookie_hash") `);
    await queryRunner.query(`CREATE INDEX "ix_browser_session_expires" ON "browser_session" ("expires_at") `);
    await queryRunner.query(`CREATE INDEX "ix_browser_session_account" ON "browser_session" ("account_id") `);
    await queryRunner.query(`CREATE TABLE "login_transaction" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "environment_id" uuid NOT NULL, "request" jsonb NOT NULL, "browser_binding_hash" character(64), "session_id" uuid, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "consumed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_215428fc3b212bb4fde98a8805e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_login_transaction_expires" ON "login_transaction" ("expires_at") `);
    await queryRunner.query(`CREATE TABLE "login_throttle" ("key" character varying(200) NOT NULL, "failures" integer NOT NULL DEFAULT '0', "window_started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "locked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_14c03bac82292a8310c54cb98d0" PRIMARY KEY ("key"))`);
    await queryRunner.query(`CREATE INDEX "ix_login_throttle_window" ON "login_throttle" ("window_started_at") `);
    await queryRunner.query(`CREATE TABLE "consent" ("created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "account_id" uuid NOT NULL, "client_id" character varying(200) NOT NULL, "scopes" text array NOT NULL DEFAULT '{}', CONSTRAINT "PK_9115e8d6b082d4fc46d56134d29" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_consent_account_client" ON "consent" ("account_id", "client_id") `);
    await queryRunner.query(`ALTER TABLE "browser_session" ADD CONSTRAINT "fk_browser_session_account" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "consent" ADD CONSTRAINT "fk_consent_account" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "consent" DROP CONSTRAINT "fk_consent_account"`);
    await queryRunner.query(`ALTER TABLE "browser_session" DROP CONSTRAINT "fk_browser_session_account"`);
    await queryRunner.query(`DROP INDEX "public"."uq_consent_account_client"`);
    await queryRunner.query(`DROP TABLE "consent"`);
    await queryRunner.query(`DROP INDEX "public"."ix_login_throttle_window"`);
    await queryRunner.query(`DROP TABLE "login_throttle"`);
    await queryRunner.query(`DROP INDEX "public"."ix_login_transaction_expires"`);
    await queryRunner.query(`DROP TABLE "login_transaction"`);
    await queryRunner.query(`DROP INDEX "public"."ix_browser_session_account"`);
    await queryRunner.query(`DROP INDEX "public"."ix_browser_session_expires"`);
    await queryRunner.query(`DROP INDEX "public"."uq_browser_session_hash"`);
    await queryRunner.query(`DROP TABLE "browser_session"`);
  }
}
