import { randomBytes } from 'node:crypto';
import {
  ALL_ENTITIES,
  AuthorizationCodeEntity,
  AuthServiceEntity,
  ClientEntity,
  EnvironmentEntity,
  IdentityEntity,
  OrganizationEntity,
  RefreshTokenEntity,
  RoleEntity,
  runMigrations,
  type Database,
} from '@rapidauth/database';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { createFixtureGraph, type FixtureGraph } from './fixture-graph';

/**
 * What every database backend must do, run against PostgreSQL and PGlite alike: migrations that
 * match the entities, every entity round-tripping, the constraints the token paths rely on, and
 * the two concurrency primitives they use (conditional UPDATE … RETURNING, SELECT … FOR UPDATE).
 */
export function describeDatabaseConformance(label: string, open: () => Promise<Database>, close: (db: Database) => Promise<void>) {
  describe(`database conformance: ${label}`, () => {
    let database: Database;
    let graph: FixtureGraph;
    const manager = (): EntityManager => database.dataSource.manager;
    /** The row's stored columns (no relations, no generated values) with some changed. */
    const copyOf = <T extends ObjectLiteral>(entity: EntityTarget<T>, row: object, changes: Partial<T>) => {
      const values: ObjectLiteral = {};
      for (const column of database.dataSource.getMetadata(entity).columns) {
        if (column.isGenerated || column.isCreateDate || column.isUpdateDate) continue;
        values[column.propertyName] = (row as ObjectLiteral)[column.propertyName];
      }
      return { ...values, ...changes } as QueryDeepPartialEntity<T>;
    };

    // Every migration from an empty database (the point here), which on PGlite in memory, on a
    // loaded machine running two workers, can take over the 60 s hooks get by default.
    beforeAll(async () => {
      database = await open();
      await runMigrations(database);
      graph = await createFixtureGraph(manager());
    }, 180_000);

    afterAll(async () => {
      if (database) await close(database);
    });

    it('is in sync after all migrations: the schema diff is empty', async () => {
      const diff = await database.dataSource.driver.createSchemaBuilder().log();
      expect(diff.upQueries.map((q) => q.query)).toEqual([]);
    });

    it('applies nothing when migrations run again', async () => {
      expect(await runMigrations(database)).toEqual([]);
    });

    it('seeds the built-in roles', async () => {
      const roles = await manager().find(RoleEntity, { where: { builtIn: true }, order: { name: 'ASC' } });
      expect(roles.map((r) => r.name)).toEqual(['admin', 'operator', 'owner', 'viewer']);
      expect(roles.find((r) => r.name === 'owner')?.permissions).toEqual(['*']);
    });

    it('has a round-trip fixture for every entity', () => {
      expect(Object.keys(graph).sort()).toEqual(ALL_ENTITIES.map((e) => e.name).sort());
    });

    it.each(ALL_ENTITIES.map((entity) => [entity.name, entity] as const))('round-trips %s', async (_name, entity) => {
      const saved = graph[entity.name] as ObjectLiteral;
      const primaryKey = database.dataSource.getMetadata(entity).getEntityIdMap(saved);
      expect(primaryKey).toBeDefined();
      const loaded = await manager().findOneByOrFail(entity, primaryKey as never);
      expect(loaded).toEqual(saved);
    });

    it('keeps app keys, client ids and provider uids unique', async () => {
      const env = graph.EnvironmentEntity as EnvironmentEntity;
      const client = graph.ClientEntity as ClientEntity;
      const identity = graph.IdentityEntity as IdentityEntity;
      await expect(
        manager().insert(EnvironmentEntity, copyOf(EnvironmentEntity, env, { name: 'other' })),
      ).rejects.toMatchObject({ driverError: { code: '23505' } });
      await expect(manager().insert(ClientEntity, copyOf(ClientEntity, client, {}))).rejects.toMatchObject({
        driverError: { code: '23505' },
      });
      await expect(manager().insert(IdentityEntity, copyOf(IdentityEntity, identity, {}))).rejects.toMatchObject({
        driverError: { code: '23505' },
      });
    });

    it('allows one local service per environment', async () => {
      const service = graph.AuthServiceEntity as AuthServiceEntity;
      await expect(
        manager().insert(AuthServiceEntity, copyOf(AuthServiceEntity, service, { name: 'second local' })),
      ).rejects.toMatchObject({ driverError: { code: '23505' } });
      await manager().insert(AuthServiceEntity, copyOf(AuthServiceEntity, service, { name: 'ldap', type: 'ldap' }));
    });

    it('rejects rows pointing at nothing', async () => {
      const client = graph.ClientEntity as ClientEntity;
      await expect(
        manager().insert(
          ClientEntity,
          copyOf(ClientEntity, client, {
            clientId: `orphan${randomBytes(4).toString('hex')}`,
            environmentId: '00000000-0000-4000-8000-000000000000',
          }),
        ),
      ).rejects.toMatchObject({ driverError: { code: '23503' } });
    });

    it('consumes a single-use code exactly once under concurrency', async () => {
      const code = graph.AuthorizationCodeEntity as AuthorizationCodeEntity;
      const attempts = await Promise.all(
        Array.from({ length: 5 }, () =>
          manager().query(
            'UPDATE "authorization_code" SET "consumed_at" = now() WHERE "code_hash" = $1 AND "consumed_at" IS NULL RETURNING "id"',
            [code.codeHash],
          ),
        ),
      );
      // node-postgres returns [rows, count] for UPDATE … RETURNING through TypeORM.
      const winners = attempts.map((result) => (Array.isArray(result[0]) ? result[0] : result)).flat();
      expect(winners).toHaveLength(1);
    });

    it('rotates a refresh token exactly once under concurrency (SELECT … FOR UPDATE)', async () => {
      const token = graph.RefreshTokenEntity as RefreshTokenEntity;
      const rotate = () =>
        database.dataSource.transaction(async (tx) => {
          const row = await tx
            .getRepository(RefreshTokenEntity)
            .createQueryBuilder('t')
            .setLock('pessimistic_write')
            .where('t.token_hash = :hash', { hash: token.tokenHash })
            .getOne();
          if (!row || row.rotatedAt) return false;
          await tx.update(RefreshTokenEntity, { id: row.id }, { rotatedAt: new Date() });
          return true;
        });
      const results = await Promise.all([rotate(), rotate(), rotate()]);
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('rolls a failed transaction back completely', async () => {
      const name = `rollback${randomBytes(4).toString('hex')}`;
      await expect(
        database.dataSource.transaction(async (tx) => {
          await tx.insert(OrganizationEntity, { name, displayName: 'x', clientId: name });
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await manager().countBy(OrganizationEntity, { name })).toBe(0);
    });

    it('cascades an organization delete to everything under it', async () => {
      const organization = graph.OrganizationEntity as OrganizationEntity;
      const environment = graph.EnvironmentEntity as EnvironmentEntity;
      await manager().delete(OrganizationEntity, { id: organization.id });
      expect(await manager().countBy(EnvironmentEntity, { id: environment.id })).toBe(0);
      expect(await manager().countBy(ClientEntity, { environmentId: environment.id })).toBe(0);
      expect(await manager().countBy(IdentityEntity, { environmentId: environment.id })).toBe(0);
      expect(await manager().countBy(AuthServiceEntity, { organizationId: organization.id })).toBe(0);
    });
  });
}
