import { MigrationInterface, QueryRunner } from 'typeorm';

/** Who signed in and how (provider, providerUid, RFC 8176 amr), recorded with each login for its tokens. */
export class LoginClaims1796604057351 implements MigrationInterface {
  name = 'LoginClaims1796604057351';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of LOGIN_TABLES) {
      await queryRunner.query(`ALTER TABLE "${table}" ADD "provider" text`);
      await queryRunner.query(`ALTER TABLE "${table}" ADD "provider_uid" text`);
      await queryRunner.query(`ALTER TABLE "${table}" ADD "amr" text array`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of LOGIN_TABLES) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "amr"`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "provider_uid"`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "provider"`);
    }
  }
}

const LOGIN_TABLES = ['refresh_token_family', 'authorization_code', 'browser_session'];
