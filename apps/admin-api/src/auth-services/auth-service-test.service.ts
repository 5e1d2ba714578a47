import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AuditLog } from '@rapidauth/access';
import { ConnectorRegistry, ServiceConnectors, type OpenedService, type PasswordCredentials } from '@rapidauth/connectors';
import type { AuthServiceType } from '@rapidauth/database';
import { PermissionCheck } from '../auth/permission-check';
import { auditedBy, type RequestContext } from '../http/request-context';
import type { ConnectionTestDto, TestNewAuthServiceDto, TestStoredAuthServiceDto } from './auth-service-test.dto';
import { withinTestDeadline } from './auth-service-test.deadline';
import { NoConnectionTestError } from './auth-service-test.errors';
import { AuthServicesService } from './auth-services.service';

/**
 * Connection tests (dry runs) of an auth service config: opened into a connector that is never
 * cached, its tester run, the connector closed. Nothing is saved; the test itself is audited
 * (who reached which upstream, and whether it answered), never the probe's credentials.
 */
@Injectable()
export class AuthServiceTestService {
  private readonly logger = new Logger(AuthServiceTestService.name);

  constructor(
    private readonly services: AuthServicesService,
    private readonly registry: ConnectorRegistry,
    private readonly connectors: ServiceConnectors,
    private readonly permissions: PermissionCheck,
    private readonly audit: AuditLog,
  ) {}

  /** A config about to be created, checked on the scope its create would be. */
  async testNew(context: RequestContext, input: TestNewAuthServiceDto): Promise<ConnectionTestDto> {
    const scope = await this.services.scopeOf(input.scope);
    await this.permissions.require(context.principal, 'auth-services:write', scope.target);
    this.requireTester(input.type);
    const result = await this.run(
      { id: randomUUID(), type: input.type, organizationId: scope.organizationId, environmentId: scope.environmentId, ...this.registry.validate(input.type, input.config), updatedAt: new Date() },
      input.probe,
    );
    await this.record(context, { type: scope.target.type, id: scope.environmentId ?? scope.organizationId }, scope.organizationId, input.type, result, input.probe);
    return result;
  }

  /** A stored service with its stored secrets, or with `config` merged over them as PATCH merges it. */
  async testStored(context: RequestContext, id: string, input: TestStoredAuthServiceDto): Promise<ConnectionTestDto> {
    const service = await this.services.stored(id);
    this.requireTester(service.type);
    const result = await this.run(
      {
        id: service.id,
        type: service.type,
        organizationId: service.organizationId,
        environmentId: service.environmentId,
        ...this.services.mergedConfig(service, input.config ?? {}),
        updatedAt: new Date(),
      },
      input.probe,
    );
    await this.record(context, { type: 'auth-service', id: service.id }, service.organizationId, service.type, result, input.probe);
    return result;
  }

  /** Types whose connector is not built yet have no tester either: refused before their config is read. */
  private requireTester(type: AuthServiceType): void {
    if (!this.registry.opens(type)) throw new NoConnectionTestError(type);
  }

  private async run(opened: OpenedService, probe?: PasswordCredentials): Promise<ConnectionTestDto> {
    const connector = this.connectors.openUnsaved(opened);
    try {
      if (!connector.tester) throw new NoConnectionTestError(opened.type);
      const checks = await withinTestDeadline(connector.tester.test(probe));
      return { ok: checks.length > 0 && checks.every((check) => check.ok), checks: [...checks] };
    } finally {
      await connector.close().catch((error: Error) => this.logger.warn({ type: opened.type, reason: error.message }, 'closing a tested connector failed'));
    }
  }

  private async record(
    context: RequestContext,
    target: { type: string; id: string },
    organizationId: string,
    type: AuthServiceType,
    result: ConnectionTestDto,
    probe?: PasswordCredentials,
  ): Promise<void> {
    await this.audit.record({
      ...auditedBy(context),
      action: 'auth_service.test',
      target,
      organizationId,
      details: { type, ok: result.ok, failed: result.checks.find((check) => !check.ok)?.name ?? null, probe: probe !== undefined },
    });
  }
}
