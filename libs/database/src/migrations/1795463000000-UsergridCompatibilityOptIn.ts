import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Usergrid password sign-in (`POST /:org/:app/token`) needs no client credential, so new
 * environments leave it off until an admin opts in. Existing environments keep what they have.
 */
export class UsergridCompatibilityOptIn1795463000000 implements MigrationInterface {
  name = 'UsergridCompatibilityOptIn1795463000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "environment" ALTER COLUMN "usergrid_compatibility" SET DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "environment" ALTER COLUMN "usergrid_compatibility" SET DEFAULT true`);
  }
}
