import type { TargetsWith } from '@rapidauth/access';
import { AppEntity, AuthorityEntity, EnvironmentEntity } from '@rapidauth/database';
import { Brackets, type SelectQueryBuilder } from 'typeorm';

/**
 * Narrows an authority query to the targets where the caller holds the permission, in SQL: an
 * authority on an organization, app or environment is readable from that target or any above it.
 * The list's page and total then come from the database, in a fixed number of queries.
 */
export function whereReadable(query: SelectQueryBuilder<AuthorityEntity>, readable: 'all' | TargetsWith): SelectQueryBuilder<AuthorityEntity> {
  if (readable === 'all') return query;
  const { organization, app, environment } = readable;
  return query.andWhere(
    new Brackets((where) => {
      where.where('1 = 0');
      if (organization.length > 0) {
        where.orWhere("authority.target_type = 'organization' AND authority.target_id IN (:...organizations)", { organizations: organization });
      }
      const apps = inSubquery(query, AppEntity, 'app', [
        ['app.id', app, 'apps'],
        ['app.organization_id', organization, 'organizations'],
      ]);
      if (apps) where.orWhere(`authority.target_type = 'app' AND authority.target_id IN (${apps})`);
      const environments = inSubquery(query, EnvironmentEntity, 'environment', [
        ['environment.id', environment, 'environments'],
        ['environment.app_id', app, 'apps'],
        ['environment.organization_id', organization, 'organizations'],
      ]);
      if (environments) where.orWhere(`authority.target_type = 'environment' AND authority.target_id IN (${environments})`);
    }),
  );
}

/** `SELECT id FROM <entity> WHERE <column> IN (ids) OR …` over the non-empty id lists, or undefined when all are empty. */
function inSubquery(
  query: SelectQueryBuilder<AuthorityEntity>,
  entity: typeof AppEntity | typeof EnvironmentEntity,
  alias: string,
  conditions: ReadonlyArray<readonly [column: string, ids: string[], parameter: string]>,
): string | undefined {
  const present = conditions.filter(([, ids]) => ids.length > 0);
  if (present.length === 0) return undefined;
  const subquery = query.subQuery().select(`${alias}.id`).from(entity, alias);
  subquery.where(present.map(([column, , parameter]) => `${column} IN (:...${parameter})`).join(' OR '));
  for (const [, ids, parameter] of present) query.setParameter(parameter, ids);
  return subquery.getQuery();
}
