import { MigrationInterface, QueryRunner } from 'typeorm';

/** Device user profiles (docs/gateway.md#device-profiles): a family's PIN and its attempts, and its biometric key. */
export class DeviceProfiles1796650000000 implements MigrationInterface {
  name = 'DeviceProfiles1796650000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "profile_pin" ("family_id" uuid NOT NULL, "pin_hash" character varying(255) NOT NULL, "failed_attempts" integer NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_profile_pin" PRIMARY KEY ("family_id"))`);
    await queryRunner.query(`CREATE TABLE "profile_biometric_key" ("family_id" uuid NOT NULL, "jwk" jsonb NOT NULL, "jkt" character varying(64) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_profile_biometric_key" PRIMARY KEY ("family_id"))`);
    await queryRunner.query(`ALTER TABLE "profile_pin" ADD CONSTRAINT "fk_profile_pin_family" FOREIGN KEY ("family_id") REFERENCES "refresh_token_family"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "profile_biometric_key" ADD CONSTRAINT "fk_profile_biometric_key_family" FOREIGN KEY ("family_id") REFERENCES "refresh_token_family"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "profile_biometric_key" DROP CONSTRAINT "fk_profile_biometric_key_family"`);
    await queryRunner.query(`ALTER TABLE "profile_pin" DROP CONSTRAINT "fk_profile_pin_family"`);
    await queryRunner.query(`DROP TABLE "profile_biometric_key"`);
    await queryRunner.query(`DROP TABLE "profile_pin"`);
  }
}
