import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuthServicesAndGroups1795449065501 implements MigrationInterface {
  name = 'AuthServicesAndGroups1795449065501';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "admin_group" ("created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid, "name" character varying(64) NOT NULL, "description" character varying(500), "created_by" character varying(128), CONSTRAINT "PK_a5e8a9fbf7638d850227f1aeea7" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_admin_group_name" ON "admin_group" ("organization_id", "name") `);
    await queryRunner.query(`CREATE TABLE "admin_group_member" ("group_id" uuid NOT NULL, "admin_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_70774fc38a052680ddacbcfb3bf" PRIMARY KEY ("group_id", "admin_id"))`);
    await queryRunner.query(`CREATE INDEX "ix_admin_group_member_admin" ON "admin_group_member" ("admin_id") `);
    await queryRunner.query(`ALTER TABLE "auth_service" ADD "description" character varying(500)`);
    await queryRunner.query(`ALTER TABLE "admin_group" ADD CONSTRAINT "fk_admin_group_organization" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "admin_group_member" ADD CONSTRAINT "fk_admin_group_member_group" FOREIGN KEY ("group_id") REFERENCES "admin_group"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "admin_group_member" ADD CONSTRAINT "fk_admin_group_member_admin" FOREIGN KEY ("admin_id") REFERENCES "admin_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "admin_group_member" DROP CONSTRAINT "fk_admin_group_member_admin"`);
    await queryRunner.query(`ALTER TABLE "admin_group_member" DROP CONSTRAINT "fk_admin_group_member_group"`);
    await queryRunner.query(`ALTER TABLE "admin_group" DROP CONSTRAINT "fk_admin_group_organization"`);
    await queryRunner.query(`ALTER TABLE "auth_service" DROP COLUMN "description"`);
    await queryRunner.query(`DROP INDEX "public"."ix_admin_group_member_admin"`);
    await queryRunner.query(`DROP TABLE "admin_group_member"`);
    await queryRunner.query(`DROP INDEX "public"."uq_admin_group_name"`);
    await queryRunner.query(`DROP TABLE "admin_group"`);
  }
}
