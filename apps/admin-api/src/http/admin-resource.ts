import { Injectable } from '@nestjs/common';
import { AuditLog } from '@rapidauth/access';
import { EnvironmentEntity } from '@rapidauth/database';
import { NotFoundError } from '@rapidauth/oauth';
import { DataSource, type EntityManager, type EntityTarget, type FindOptionsWhere, type ObjectLiteral } from 'typeorm';
import { AdminError } from './admin.errors';
import { auditedBy, type RequestContext } from './request-context';

type Row = { readonly id: string };
type Organization = string | null | undefined;

/** One kind of admin resource: its table, and how answers and the audit log name it. */
export interface ResourceKind<E extends Row> {
  readonly entity: EntityTarget<E>;
  /** How answers name it: "<name> not found", "the <name> has 2 app(s)". */
  readonly name: string;
  /** The target type of its audit events. */
  readonly auditType: string;
  /** The organization whose audit log holds its events; absent for platform-level resources. */
  readonly organizationOf?: (row: E, manager: EntityManager) => Organization | Promise<Organization>;
  /** Identifying fields every audit event about it carries (names and ids, never a secret). */
  readonly auditDetails?: (row: E) => Record<string, unknown>;
}

/**
 * What every admin service does with its resource, written once: find it by id or answer 404
 * NOT_FOUND, record an audit event about it, and refuse to delete it while children remain
 * unless the caller cascades (409 NOT_EMPTY; README, "The admin API").
 */
export class AdminResource<E extends Row> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly kind: ResourceKind<E>,
  ) {}

  /** `field` names the request field that referred to it, when it is not the path's id. */
  async find(id: string, field?: string): Promise<E> {
    const row = await this.dataSource.manager.findOneBy(this.kind.entity, { id } as FindOptionsWhere<E>);
    if (!row) throw new NotFoundError(`${this.kind.name} not found`, { field });
    return row;
  }

  async record(context: RequestContext, action: string, row: E, details: Record<string, unknown>): Promise<void> {
    await this.audit.record({
      ...auditedBy(context),
      action,
      target: { type: this.kind.auditType, id: row.id },
      organizationId: await this.kind.organizationOf?.(row, this.dataSource.manager),
      details: { ...details, ...this.kind.auditDetails?.(row) },
    });
  }

  /** Deleting the resource would take `children` (named `childName`) with it: only with `cascade`. */
  async refuseDeleteWhileChildren<C extends ObjectLiteral>(cascade: boolean, children: EntityTarget<C>, where: FindOptionsWhere<C>, childName: string): Promise<void> {
    if (cascade) return;
    const count = await this.dataSource.manager.countBy(children, where);
    if (count > 0) {
      throw new AdminError('NOT_EMPTY', `the ${this.kind.name} has ${count} ${childName}(s); delete them first or pass cascade=true`);
    }
  }
}

/** Hands each service the AdminResource of the kinds it works with. */
@Injectable()
export class AdminResources {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  of<E extends Row>(kind: ResourceKind<E>): AdminResource<E> {
    return new AdminResource(this.dataSource, this.audit, kind);
  }
}

/** For resources that live in an environment: their events belong to its organization. */
export async function organizationOfEnvironment(manager: EntityManager, environmentId: string): Promise<string | undefined> {
  const environment = await manager.findOne(EnvironmentEntity, { select: { id: true, organizationId: true }, where: { id: environmentId } });
  return environment?.organizationId;
}
