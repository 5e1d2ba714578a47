import { MigrationInterface, QueryRunner } from 'typeorm';

export class UsergridCompatibility1795449606376 implements MigrationInterface {
  name = 'UsergridCompatibility1795449606376';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "environment" ADD "usergrid_compatibility" boolean NOT NULL DEFAULT true`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "environment" DROP COLUMN "usergrid_compatibility"`);
  }
}
