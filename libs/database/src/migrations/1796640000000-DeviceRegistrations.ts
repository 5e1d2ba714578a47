import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Device registration (docs/gateway.md#device-registration): the OCRA challenges under way, and on
 * the client its secret's expiry and the hash of its RFC 7592 registration access token.
 */
export class DeviceRegistrations1796640000000 implements MigrationInterface {
  name = 'DeviceRegistrations1796640000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "device_registration" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "app_signature_id" uuid NOT NULL, "challenge" character varying(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "consumed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_479eed0c820e43787f9de9f753e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_device_registration_expires" ON "device_registration" ("expires_at") `);
    await queryRunner.query(`CREATE INDEX "ix_device_registration_app_signature" ON "device_registration" ("app_signature_id") `);
    await queryRunner.query(`ALTER TABLE "client" ADD "secret_expires_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "client" ADD "registration_token_hash" character varying(128)`);
    await queryRunner.query(`ALTER TABLE "device_registration" ADD CONSTRAINT "fk_device_registration_app_signature" FOREIGN KEY ("app_signature_id") REFERENCES "app_signature"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "device_registration" DROP CONSTRAINT "fk_device_registration_app_signature"`);
    await queryRunner.query(`ALTER TABLE "client" DROP COLUMN "registration_token_hash"`);
    await queryRunner.query(`ALTER TABLE "client" DROP COLUMN "secret_expires_at"`);
    await queryRunner.query(`DROP INDEX "public"."ix_device_registration_app_signature"`);
    await queryRunner.query(`DROP INDEX "public"."ix_device_registration_expires"`);
    await queryRunner.query(`DROP TABLE "device_registration"`);
  }
}
