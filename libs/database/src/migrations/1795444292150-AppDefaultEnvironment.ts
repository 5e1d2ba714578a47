import { MigrationInterface, QueryRunner } from 'typeorm';

export class AppDefaultEnvironment1795444292150 implements MigrationInterface {
  name = 'AppDefaultEnvironment1795444292150';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "app" ADD "default_environment_id" uuid`);
    await queryRunner.query(`ALTER TABLE "app" ADD CONSTRAINT "fk_app_default_environment" FOREIGN KEY ("default_environment_id") REFERENCES "environment"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "app" DROP CONSTRAINT "fk_app_default_environment"`);
    await queryRunner.query(`ALTER TABLE "app" DROP COLUMN "default_environment_id"`);
  }
}
