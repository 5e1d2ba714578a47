import { MigrationInterface, QueryRunner } from 'typeorm';

/** The SAML assertion IDs each service accepted, until they expire: the replay cache every instance shares. */
export class SamlAssertionReplay1796238029973 implements MigrationInterface {
  name = 'SamlAssertionReplay1796238029973';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "saml_assertion_replay" ("service_id" uuid NOT NULL, "assertion_id" character varying(256) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_fd9a08e2d2a49451413bc17169a" PRIMARY KEY ("service_id", "assertion_id"))`);
    await queryRunner.query(`CREATE INDEX "ix_saml_assertion_replay_expires" ON "saml_assertion_replay" ("expires_at") `);
    await queryRunner.query(`ALTER TABLE "saml_assertion_replay" ADD CONSTRAINT "fk_saml_assertion_replay_service" FOREIGN KEY ("service_id") REFERENCES "auth_service"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "saml_assertion_replay" DROP CONSTRAINT "fk_saml_assertion_replay_service"`);
    await queryRunner.query(`DROP INDEX "public"."ix_saml_assertion_replay_expires"`);
    await queryRunner.query(`DROP TABLE "saml_assertion_replay"`);
  }
}
