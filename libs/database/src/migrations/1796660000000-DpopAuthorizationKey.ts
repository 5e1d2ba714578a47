import { MigrationInterface, QueryRunner } from 'typeorm';

/** RFC 9449 §10: the DPoP key (`dpop_jkt`) an authorization request named, kept with its code (the login transaction keeps it in its stored request). */
export class DpopAuthorizationKey1796660000000 implements MigrationInterface {
  name = 'DpopAuthorizationKey1796660000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "authorization_code" ADD "dpop_jkt" character varying(43)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "authorization_code" DROP COLUMN "dpop_jkt"`);
  }
}
