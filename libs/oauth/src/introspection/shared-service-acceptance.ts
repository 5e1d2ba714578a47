import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { TenancyChanges } from '@rapidauth/tenancy';
import { DataSource } from 'typeorm';

/** Answers are kept this long at most; TenancyChanges drops them at once on any change. */
const CACHE_TTL_MS = 30_000;
const CACHE_MAX_ENTRIES = 10_000;

/** Where a token was issued: its environment (`env`) and the auth service it signed in through (`svc`). */
export interface TokenOrigin {
  readonly env?: string;
  readonly svc?: string;
}

/**
 * Single sign-on across apps (docs/gateway.md#sso-across-apps): a token issued through an
 * organization-scoped auth service is accepted in every environment of that organization that
 * enables the service (and the service is enabled); a token of an environment-scoped service only
 * in its own environment. The one check introspection, userinfo and data links share.
 */
@Injectable()
export class SharedServiceAcceptance {
  /** `serviceId environmentId` → the organization whose service that environment enables, or null: not enabled there. */
  private readonly cache = new Map<string, { organizationId: string | null; expiresAt: number }>();
  /** environment id → organization id; never changes, so it is cached for the process's life. */
  private readonly organizations = new Map<string, string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: TenancyChanges,
  ) {}

  /** Keeps the cache current across instances; called once at start-up. */
  async start(): Promise<void> {
    await this.changes.subscribe(() => this.cache.clear());
  }

  /** Whether `environmentId` accepts a token issued in `token.env` through `token.svc`. */
  async accepts(token: TokenOrigin, environmentId: string): Promise<boolean> {
    if (!token.env) return false;
    if (token.env === environmentId) return true;
    if (!token.svc || !isUUID(token.svc)) return false;
    const organizationId = await this.sharedServiceOrganization(token.svc, environmentId);
    return organizationId !== null && (await this.organizationOf(token.env)) === organizationId;
  }

  /** The service's organization when it is organization-scoped, enabled, and enabled by `environmentId` of that organization. */
  private async sharedServiceOrganization(serviceId: string, environmentId: string): Promise<string | null> {
    const key = `${serviceId} ${environmentId}`;
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.organizationId;
    const [row]: { organization_id: string }[] = await this.dataSource.query(
      `SELECT "auth_service"."organization_id"
       FROM "environment_service"
       JOIN "auth_service" ON "auth_service"."id" = "environment_service"."auth_service_id"
       JOIN "environment" ON "environment"."id" = "environment_service"."environment_id"
       WHERE "environment_service"."environment_id" = $1 AND "environment_service"."auth_service_id" = $2
         AND "auth_service"."enabled" AND "auth_service"."environment_id" IS NULL
         AND "auth_service"."organization_id" = "environment"."organization_id"`,
      [environmentId, serviceId],
    );
    const organizationId = row?.organization_id ?? null;
    if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.clear();
    this.cache.set(key, { organizationId, expiresAt: Date.now() + CACHE_TTL_MS });
    return organizationId;
  }

  /** The environment's organization (undefined: no such environment). */
  async organizationOf(environmentId: string): Promise<string | undefined> {
    const cached = this.organizations.get(environmentId);
    if (cached) return cached;
    const [row]: { organization_id: string }[] = await this.dataSource.query(
      `SELECT "organization_id" FROM "environment" WHERE "id" = $1`,
      [environmentId],
    );
    if (row) this.organizations.set(environmentId, row.organization_id);
    return row?.organization_id;
  }
}
