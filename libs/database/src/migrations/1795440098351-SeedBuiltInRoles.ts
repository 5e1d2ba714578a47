import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The four built-in roles. Permissions are `resource:action`; `*` matches everything and
 * `resource:*` every action on one resource. Written out literally: a migration must not change
 * when code constants do.
 */
const RESOURCES = [
  'organizations',
  'apps',
  'environments',
  'auth-services',
  'clients',
  'accounts',
  'grants',
  'admins',
  'groups',
  'keys',
  'data-links',
];

const ROLES: Array<{ name: string; description: string; permissions: string[] }> = [
  { name: 'owner', description: 'Everything, including granting authorities', permissions: ['*'] },
  {
    name: 'admin',
    description: 'Everything but granting authorities',
    permissions: [...RESOURCES.map((resource) => `${resource}:*`), 'authorities:read', 'audit:read'],
  },
  {
    name: 'operator',
    description: 'Rotate and disable secrets and keys; read everything and the audit log',
    permissions: [
      ...RESOURCES.map((resource) => `${resource}:read`),
      'keys:rotate',
      'clients:rotate',
      'environments:rotate',
      'organizations:rotate',
      'grants:rotate',
      'grants:disable',
      'clients:disable',
      'auth-services:disable',
      'admins:disable',
      'audit:read',
    ],
  },
  { name: 'viewer', description: 'Read everything but the audit log', permissions: RESOURCES.map((r) => `${r}:read`) },
];

export class SeedBuiltInRoles1795440098351 implements MigrationInterface {
  name = 'SeedBuiltInRoles1795440098351';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const role of ROLES) {
      await queryRunner.query(
        `INSERT INTO "role" ("name", "description", "permissions", "built_in") VALUES ($1, $2, $3, true)`,
        [role.name, role.description, role.permissions],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "role" WHERE "built_in" = true AND "name" = ANY($1)`, [ROLES.map((r) => r.name)]);
  }
}
