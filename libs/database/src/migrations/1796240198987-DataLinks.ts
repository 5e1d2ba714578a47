import { MigrationInterface, QueryRunner } from 'typeorm';

/** Data links: backends the gateway proxies to with an auth service's header mappings (docs/gateway.md#data-links). */
export class DataLinks1796240198987 implements MigrationInterface {
  name = 'DataLinks1796240198987';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "data_link" ("created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "environment_id" uuid NOT NULL, "name" character varying(63) NOT NULL, "backend_url" character varying(2048) NOT NULL, "auth_service_id" uuid NOT NULL, "timeout_ms" integer NOT NULL DEFAULT '10000', "enabled" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_99d70aa3b44b462e9d41f6ff4fa" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_data_link_auth_service" ON "data_link" ("auth_service_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_data_link_environment_name" ON "data_link" ("environment_id", "name") `);
    await queryRunner.query(`ALTER TABLE "data_link" ADD CONSTRAINT "fk_data_link_environment" FOREIGN KEY ("environment_id") REFERENCES "environment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "data_link" ADD CONSTRAINT "fk_data_link_auth_service" FOREIGN KEY ("auth_service_id") REFERENCES "auth_service"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "data_link" DROP CONSTRAINT "fk_data_link_auth_service"`);
    await queryRunner.query(`ALTER TABLE "data_link" DROP CONSTRAINT "fk_data_link_environment"`);
    await queryRunner.query(`DROP INDEX "public"."uq_data_link_environment_name"`);
    await queryRunner.query(`DROP INDEX "public"."ix_data_link_auth_service"`);
    await queryRunner.query(`DROP TABLE "data_link"`);
  }
}
