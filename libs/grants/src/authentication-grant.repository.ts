import { Injectable } from '@nestjs/common';
import { AccountEntity, AuthenticationGrantEntity, ClientEntity, EnvironmentEntity, RefreshTokenFamilyEntity } from '@rapidauth/database';
import { Brackets, DataSource, EntityManager, IsNull, MoreThan, type SelectQueryBuilder } from 'typeorm';
import type { GrantFilter, GrantSort } from './grant-list';

/** Which grants a caller may see: everything, or those beneath the organizations, apps and environments named. */
export type GrantVisibility = 'all' | { organizationIds: readonly string[]; appIds: readonly string[]; environmentIds: readonly string[] };

export interface GrantPage {
  readonly total: number;
  readonly rows: AuthenticationGrantEntity[];
}

const FILTER_COLUMNS: Record<keyof GrantFilter, string> = {
  enabled: 'ag.enabled',
  clientId: 'ag.client_id',
  principalId: 'ag.principal_id',
  principalDomainId: 'ag.environment_id',
  title: 'ag.title',
};

/** The SQL of authentication grants ("grant" is an SQL keyword: the alias is `ag`). */
@Injectable()
export class AuthenticationGrantRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(id: string): Promise<AuthenticationGrantEntity | null> {
    return this.dataSource.manager.findOneBy(AuthenticationGrantEntity, { id });
  }

  /** Row-locks the grant until the transaction ends: logins through it (FOR SHARE) wait. */
  lock(manager: EntityManager, id: string): Promise<AuthenticationGrantEntity | null> {
    return manager.createQueryBuilder(AuthenticationGrantEntity, 'ag').setLock('pessimistic_write').where('ag.id = :id', { id }).getOne();
  }

  async insert(values: Partial<AuthenticationGrantEntity>): Promise<AuthenticationGrantEntity> {
    const manager = this.dataSource.manager;
    return manager.save(manager.create(AuthenticationGrantEntity, values));
  }

  async list(visibility: GrantVisibility, filter: GrantFilter, sort: GrantSort, page: { limit: number; skip: number }): Promise<GrantPage> {
    const query = this.dataSource.manager.createQueryBuilder(AuthenticationGrantEntity, 'ag');
    restrictTo(query, visibility);
    for (const [name, value] of Object.entries(filter)) {
      query.andWhere(`${FILTER_COLUMNS[name as keyof GrantFilter]} = :${name}`, { [name]: value });
    }
    for (const [field, direction] of sort) query.addOrderBy(`ag.${field}`, direction);
    query.addOrderBy('ag.id', 'ASC');
    const [rows, total] = await query.limit(page.limit).offset(page.skip).getManyAndCount();
    return { total, rows };
  }

  /**
   * The grant's logins whose tokens may still be live: not revoked, and not so long past their
   * absolute expiry that every access token minted in them has expired too.
   */
  async liveFamilyIds(manager: EntityManager, grantId: string, notBefore: Date): Promise<string[]> {
    const families = await manager.find(RefreshTokenFamilyEntity, {
      select: { id: true },
      where: { grantId, revokedAt: IsNull(), absoluteExpiresAt: MoreThan(notBefore) },
    });
    return families.map((family) => family.id);
  }

  findEnvironment(id: string): Promise<EnvironmentEntity | null> {
    return this.dataSource.manager.findOneBy(EnvironmentEntity, { id });
  }

  findAccount(environmentId: string, id: string): Promise<AccountEntity | null> {
    return this.dataSource.manager.findOneBy(AccountEntity, { id, environmentId });
  }

  /** A registered client of the environment, by its `client_id` or its row id. */
  findRegisteredClient(environmentId: string, clientIdOrId: string, isUuid: boolean): Promise<ClientEntity | null> {
    return this.dataSource.manager.findOne(ClientEntity, {
      where: [{ environmentId, clientId: clientIdOrId }, ...(isUuid ? [{ environmentId, id: clientIdOrId }] : [])],
    });
  }
}

function restrictTo(query: SelectQueryBuilder<AuthenticationGrantEntity>, visibility: GrantVisibility): void {
  if (visibility === 'all') return;
  const { organizationIds, appIds, environmentIds } = visibility;
  query.andWhere(
    new Brackets((where) => {
      where.where('1 = 0');
      if (organizationIds.length > 0) where.orWhere('ag.organization_id IN (:...organizationIds)', { organizationIds });
      if (environmentIds.length > 0) where.orWhere('ag.environment_id IN (:...environmentIds)', { environmentIds });
      if (appIds.length > 0) where.orWhere('ag.environment_id IN (SELECT id FROM environment WHERE app_id IN (:...appIds))', { appIds });
    }),
  );
}
