import { MigrationInterface, QueryRunner } from 'typeorm';

/** Link tickets: single-use, hashed, per environment; an account's go with it. The expiry index serves the cleanup; the account index the cascade when accounts are deleted. */
export class LinkTickets1796608321457 implements MigrationInterface {
  name = 'LinkTickets1796608321457';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "link_ticket" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "ticket_hash" character(64) NOT NULL, "account_id" uuid NOT NULL, "environment_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "consumed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8dda2ad63162434937baf9b9d11" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_link_ticket_account" ON "link_ticket" ("account_id") `);
    await queryRunner.query(`CREATE INDEX "ix_link_ticket_expires" ON "link_ticket" ("expires_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_link_ticket_hash" ON "link_ticket" ("ticket_hash") `);
    await queryRunner.query(`ALTER TABLE "link_ticket" ADD CONSTRAINT "fk_link_ticket_account" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "link_ticket" ADD CONSTRAINT "fk_link_ticket_environment" FOREIGN KEY ("environment_id") REFERENCES "environment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "link_ticket" DROP CONSTRAINT "fk_link_ticket_environment"`);
    await queryRunner.query(`ALTER TABLE "link_ticket" DROP CONSTRAINT "fk_link_ticket_account"`);
    await queryRunner.query(`DROP INDEX "public"."uq_link_ticket_hash"`);
    await queryRunner.query(`DROP INDEX "public"."ix_link_ticket_expires"`);
    await queryRunner.query(`DROP INDEX "public"."ix_link_ticket_account"`);
    await queryRunner.query(`DROP TABLE "link_ticket"`);
  }
}
