import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The built-in roles gain the app-signature routes (`/v1/app-signatures`, docs/admin-api.md#app-signatures):
 * admin every action, operator reading them and revoking their devices, viewer reading. Written out literally: a migration must not
 * change when code constants do. Custom roles are left as their admins made them.
 */
const GAINS: Array<{ role: string; permissions: string[] }> = [
  { role: 'admin', permissions: ['devices:*'] },
  { role: 'operator', permissions: ['devices:read', 'devices:disable'] },
  { role: 'viewer', permissions: ['devices:read'] },
];

export class DevicesPermissions1796623225940 implements MigrationInterface {
  name = 'DevicesPermissions1796623225940';

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
