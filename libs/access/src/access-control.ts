import { Injectable } from '@nestjs/common';
import {
  AccountEntity,
  AdminGroupEntity,
  AdminGroupMemberEntity,
  AdminUserEntity,
  AppEntity,
  AppSignatureEntity,
  AuthServiceEntity,
  AuthenticationGrantEntity,
  AuthorityEntity,
  ClientEntity,
  DataLinkEntity,
  EnvironmentEntity,
  OrganizationEntity,
  RoleEntity,
} from '@rapidauth/database';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { permits, type CheckTarget, type Target, type TargetType } from './permissions';
import type { EffectiveAuthority, Principal } from './principal';

/** The organizations, apps and environments a permission is held on. */
export type TargetsWith = Record<Exclude<TargetType, 'platform'>, string[]>;

/** The organization client's implicit authority: an organization's client is that organization's admin. */
const ORGANIZATION_CLIENT_ROLE = 'admin';

/**
 * Answers "may this principal do `permission` on `target`?" through the authority model: an
 * authority on a target applies to everything beneath it. Targets that do not exist resolve to
 * nothing, so the answer is no (callers answer 404 or 403 without revealing existence).
 */
@Injectable()
export class AccessControl {
  constructor(private readonly dataSource: DataSource) {}

  async can(principal: Principal, permission: string, target: CheckTarget): Promise<boolean> {
    const lineage = await this.lineage(target);
    if (!lineage) return false;
    const authorities = await this.authorities(principal);
    return authorities.some(
      (authority) =>
        permits(authority.permissions, permission) &&
        lineage.some((node) => node.type === authority.targetType && (node.id ?? null) === authority.targetId),
    );
  }

  /** Whether `target` is the organization or lies beneath it. */
  async isBeneath(target: CheckTarget, organizationId: string): Promise<boolean> {
    const lineage = await this.lineage(target);
    return lineage?.some((node) => node.type === 'organization' && node.id === organizationId) ?? false;
  }

  /**
   * Whether the principal still exists and is enabled (a disabled admin's tokens stop working at
   * once); an organization client's token must also not predate its secret's last rotation.
   */
  async isActive(principal: Principal, tokenIssuedAt: Date): Promise<boolean> {
    if (principal.type === 'admin') return (await this.dataSource.manager.countBy(AdminUserEntity, { id: principal.id, disabled: false })) === 1;
    const count = await this.dataSource.manager
      .createQueryBuilder(OrganizationEntity, 'organization')
      .where('organization.id = :id AND organization.enabled', { id: principal.organizationId })
      .andWhere('(organization.client_secret_rotated_at IS NULL OR organization.client_secret_rotated_at <= :issuedAt)', { issuedAt: tokenIssuedAt })
      .getCount();
    return count === 1;
  }

  /** The organizations the principal holds `permission` on directly or from the platform; 'all' for platform-wide. */
  async organizationsWith(principal: Principal, permission: string): Promise<'all' | string[]> {
    const authorities = (await this.authorities(principal)).filter((a) => permits(a.permissions, permission));
    if (authorities.some((a) => a.targetType === 'platform')) return 'all';
    return authorities.filter((a) => a.targetType === 'organization' && a.targetId).map((a) => a.targetId!);
  }

  /** Where the principal holds `permission`: 'all' from the platform, else the targets (each covering what lies beneath). */
  async targetsWith(principal: Principal, permission: string): Promise<'all' | TargetsWith> {
    const authorities = (await this.authorities(principal)).filter((a) => permits(a.permissions, permission));
    if (authorities.some((a) => a.targetType === 'platform')) return 'all';
    const ids = (type: string) => authorities.filter((a) => a.targetType === type && a.targetId).map((a) => a.targetId!);
    return { organization: ids('organization'), app: ids('app'), environment: ids('environment') };
  }

  /**
   * Whether the principal holds every permission of every authority given, each on the
   * authority's target or above it: an admin only hands out, takes away or acts on what it holds
   * itself (docs/security.md#admin-privileges). An authority on a target that no longer exists gives
   * nothing, so it needs no cover.
   */
  async holdsAll(principal: Principal, authorities: readonly EffectiveAuthority[]): Promise<boolean> {
    if (authorities.length === 0) return true;
    const own = await this.authorities(principal);
    for (const authority of authorities) {
      const lineage = await this.lineage(authorityTarget(authority));
      if (!lineage) continue;
      const covered = authority.permissions.every((permission) =>
        own.some((mine) => permits(mine.permissions, permission) && lineage.some((node) => node.type === mine.targetType && (node.id ?? null) === mine.targetId)),
      );
      if (!covered) return false;
    }
    return true;
  }

  /** The authorities a group gives its members. */
  groupAuthorities(groupId: string): Promise<EffectiveAuthority[]> {
    return this.authorityRows(
      this.authorityQuery().where("authority.principal_type = 'group' AND authority.principal_id = :groupId", { groupId }),
    );
  }

  /** The principal's own authorities, and an admin's through the groups it belongs to. */
  async authorities(principal: Principal): Promise<EffectiveAuthority[]> {
    const query = this.authorityQuery().where('authority.principal_type = :type AND authority.principal_id = :id', { type: principal.type, id: principal.id });
    if (principal.type === 'admin') {
      query.orWhere(
        `authority.principal_type = 'group' AND authority.principal_id IN ${query
          .subQuery()
          .select('CAST(member.group_id AS varchar)')
          .from(AdminGroupMemberEntity, 'member')
          .where('member.admin_id = :adminId')
          .getQuery()}`,
        { adminId: principal.id },
      );
    }
    const effective = await this.authorityRows(query);
    if (principal.type === 'organization-client') {
      const role = await this.dataSource.manager.findOneByOrFail(RoleEntity, { name: ORGANIZATION_CLIENT_ROLE, builtIn: true });
      effective.push({ roleName: role.name, permissions: role.permissions, targetType: 'organization', targetId: principal.organizationId });
    }
    return effective;
  }

  private authorityQuery() {
    return this.dataSource.manager
      .createQueryBuilder(AuthorityEntity, 'authority')
      .innerJoin(RoleEntity, 'role', 'role.id = authority.role_id')
      .select(['role.name AS role_name', 'role.permissions AS permissions', 'authority.target_type AS target_type', 'authority.target_id AS target_id']);
  }

  private async authorityRows(query: SelectQueryBuilder<AuthorityEntity>): Promise<EffectiveAuthority[]> {
    const rows = await query.getRawMany<{ role_name: string; permissions: string[]; target_type: string; target_id: string | null }>();
    return rows.map((row) => ({ roleName: row.role_name, permissions: row.permissions, targetType: row.target_type, targetId: row.target_id }));
  }

  /** The target and everything above it, or undefined when it does not exist. */
  private async lineage(target: CheckTarget): Promise<Target[] | undefined> {
    const platform: Target = { type: 'platform' };
    switch (target.type) {
      case 'platform':
        return [platform];
      case 'organization':
        return [target, platform];
      case 'app': {
        const app = await this.dataSource.manager.findOne(AppEntity, { select: { id: true, organizationId: true }, where: { id: target.id } });
        return app ? [target, { type: 'organization', id: app.organizationId }, platform] : undefined;
      }
      case 'client': {
        const client = await this.dataSource.manager.findOne(ClientEntity, { select: { id: true, environmentId: true }, where: { id: target.id } });
        return client ? this.lineage({ type: 'environment', id: client.environmentId }) : undefined;
      }
      case 'grant': {
        const grant = await this.dataSource.manager.findOne(AuthenticationGrantEntity, { select: { id: true, environmentId: true }, where: { id: target.id } });
        return grant ? this.lineage({ type: 'environment', id: grant.environmentId }) : undefined;
      }
      case 'data-link': {
        const link = await this.dataSource.manager.findOne(DataLinkEntity, { select: { id: true, environmentId: true }, where: { id: target.id } });
        return link ? this.lineage({ type: 'environment', id: link.environmentId }) : undefined;
      }
      case 'app-signature': {
        const signature = await this.dataSource.manager.findOne(AppSignatureEntity, { select: { id: true, environmentId: true }, where: { id: target.id } });
        return signature ? this.lineage({ type: 'environment', id: signature.environmentId }) : undefined;
      }
      case 'account': {
        const account = await this.dataSource.manager.findOne(AccountEntity, { select: { id: true, environmentId: true }, where: { id: target.id } });
        return account ? this.lineage({ type: 'environment', id: account.environmentId }) : undefined;
      }
      case 'auth-service': {
        const service = await this.dataSource.manager.findOne(AuthServiceEntity, {
          select: { id: true, organizationId: true, environmentId: true },
          where: { id: target.id },
        });
        if (!service) return undefined;
        return service.environmentId ? this.lineage({ type: 'environment', id: service.environmentId }) : [{ type: 'organization', id: service.organizationId }, platform];
      }
      case 'group': {
        const group = await this.dataSource.manager.findOne(AdminGroupEntity, { select: { id: true, organizationId: true }, where: { id: target.id } });
        if (!group) return undefined;
        return group.organizationId ? [{ type: 'organization', id: group.organizationId }, platform] : [platform];
      }
      case 'environment': {
        const environment = await this.dataSource.manager.findOne(EnvironmentEntity, {
          select: { id: true, appId: true, organizationId: true },
          where: { id: target.id },
        });
        return environment
          ? [target, { type: 'app', id: environment.appId }, { type: 'organization', id: environment.organizationId }, platform]
          : undefined;
      }
    }
  }
}

function authorityTarget(authority: EffectiveAuthority): Target {
  return authority.targetType === 'platform' || authority.targetId === null
    ? { type: 'platform' }
    : { type: authority.targetType as Target['type'], id: authority.targetId };
}
