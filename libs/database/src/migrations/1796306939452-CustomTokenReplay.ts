import { MigrationInterface, QueryRunner } from 'typeorm';

/** The `jti`s of custom tokens each environment accepted, until they expire: the replay cache every instance shares. */
export class CustomTokenReplay1796306939452 implements MigrationInterface {
  name = 'CustomTokenReplay1796306939452';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "custom_token_replay" ("environment_id" uuid NOT NULL, "jti" character varying(255) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_24932413e54965b3ad52b97dd2a" PRIMARY KEY ("environment_id", "jti"))`);
    await queryRunner.query(`CREATE INDEX "ix_custom_token_replay_expires" ON "custom_token_replay" ("expires_at") `);
    await queryRunner.query(`ALTER TABLE "custom_token_replay" ADD CONSTRAINT "fk_custom_token_replay_environment" FOREIGN KEY ("environment_id") REFERENCES "environment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "custom_token_replay" DROP CONSTRAINT "fk_custom_token_replay_environment"`);
    await queryRunner.query(`DROP INDEX "public"."ix_custom_token_replay_expires"`);
    await queryRunner.query(`DROP TABLE "custom_token_replay"`);
  }
}
