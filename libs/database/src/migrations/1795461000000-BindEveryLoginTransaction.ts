import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every login transaction is bound to its browser (hosted pages included). Unbound ones still
 * open at upgrade time (5 minutes at most) are dropped: their sign-in starts again.
 */
export class BindEveryLoginTransaction1795461000000 implements MigrationInterface {
  name = 'BindEveryLoginTransaction1795461000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "login_transaction" WHERE "browser_binding_hash" IS NULL`);
    await queryRunner.query(`ALTER TABLE "login_transaction" ALTER COLUMN "browser_binding_hash" SET NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "login_transaction" ALTER COLUMN "browser_binding_hash" DROP NOT NULL`);
  }
}
