import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The built-in roles gain the operations routes (`/v1/operations/cleanup`): admin every action,
 * operator reading and running them, viewer reading. Written out literally: a migration must not
 * change when code constants do. Custom roles are left as their admins made them.
 */
const GAINS: Array<{ role: string; permissions: string[] }> = [
  { role: 'admin', permissions: ['operations:*'] },
  { role: 'operator', permissions: ['operations:read', 'operations:run'] },
  { role: 'viewer', permissions: ['operations:read'] },
];

export class OperationsPermissions1796276154811 implements MigrationInterface {
  name = 'OperationsPermissions1796276154811';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const { role, permissions } of GAINS) {
      await queryRunner.query(
        `UPDATE "role" SET "permissions" = "permissions" || ARRAY(
           SELECT "p" FROM unnest($2::text[]) WITH ORDINALITY AS "gain" ("p", "i") WHERE "p" <> ALL("permissions") ORDER BY "i")
         WHERE "built_in" = true AND "name" = $1`,
        [role, permissions],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const { role, permissions } of GAINS) {
      await queryRunner.query(
        `UPDATE "role" SET "permissions" = ARRAY(SELECT "p" FROM unnest("permissions") WITH ORDINALITY AS "kept" ("p", "i") WHERE "p" <> ALL($2::text[]) ORDER BY "i")
         WHERE "built_in" = true AND "name" = $1`,
        [role, permissions],
      );
    }
  }
}
