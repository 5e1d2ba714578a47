import { MigrationInterface, QueryRunner } from 'typeorm';

/** RFC 9449: the clients' DPoP settings, the key a refresh family is bound to, and the proof `jti`s every instance shares. */
export class Dpop1796630000000 implements MigrationInterface {
  name = 'Dpop1796630000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "client" ADD "dpop_bound_access_tokens" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "client" ADD "dpop_nonce_required" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "refresh_token_family" ADD "dpop_jkt" character varying(64)`);
    await queryRunner.query(`CREATE TABLE "dpop_proof_jti" ("jkt" character varying(64) NOT NULL, "jti" character varying(255) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_5526197598238c9679d76cc2738" PRIMARY KEY ("jkt", "jti"))`);
    await queryRunner.query(`CREATE INDEX "ix_dpop_proof_jti_expires" ON "dpop_proof_jti" ("expires_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_dpop_proof_jti_expires"`);
    await queryRunner.query(`DROP TABLE "dpop_proof_jti"`);
    await queryRunner.query(`ALTER TABLE "refresh_token_family" DROP COLUMN "dpop_jkt"`);
    await queryRunner.query(`ALTER TABLE "client" DROP COLUMN "dpop_nonce_required"`);
    await queryRunner.query(`ALTER TABLE "client" DROP COLUMN "dpop_bound_access_tokens"`);
  }
}
