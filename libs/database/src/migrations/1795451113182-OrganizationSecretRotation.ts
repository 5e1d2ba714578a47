import { MigrationInterface, QueryRunner } from 'typeorm';

export class OrganizationSecretRotation1795451113182 implements MigrationInterface {
  name = 'OrganizationSecretRotation1795451113182';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organization" ADD "client_secret_rotated_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organization" DROP COLUMN "client_secret_rotated_at"`);
  }
}
