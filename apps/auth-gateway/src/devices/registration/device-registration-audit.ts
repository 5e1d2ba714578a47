import { Injectable } from '@nestjs/common';
import { AuditLog } from '@rapidauth/access';
import { EnvironmentEntity } from '@rapidauth/database';
import { DataSource } from 'typeorm';
import type { Request } from 'express';

/** Where the audit finds a device registration: its signature and environment, the client when there is one. */
export interface DeviceAuditSubject {
  readonly appSignatureId?: string;
  readonly environmentId?: string;
  readonly clientId?: string;
}

/**
 * Device registrations and RFC 7592 calls in the audit log (`device.*`, actor `system`: the device
 * has no identity yet), refusals as `failure` with their catalogue `code` in the details, so an admin can tell a
 * wrong key from a wrong clock. Never a response, secret or token.
 */
@Injectable()
export class DeviceRegistrationAudit {
  constructor(
    private readonly audit: AuditLog,
    private readonly dataSource: DataSource,
  ) {}

  async record(request: Request, action: string, subject: DeviceAuditSubject, refusedWith?: string, details: Record<string, unknown> = {}): Promise<void> {
    const organizationId = subject.environmentId ? await this.organizationOf(subject.environmentId) : undefined;
    await this.audit.record({
      actor: { type: 'system' },
      action,
      target: subject.clientId ? { type: 'client', id: subject.clientId } : subject.appSignatureId ? { type: 'app-signature', id: subject.appSignatureId } : undefined,
      organizationId,
      outcome: refusedWith ? 'failure' : 'success',
      ip: request.ip,
      userAgent: request.headers['user-agent'],
      details: { ...details, ...(refusedWith && { code: refusedWith }), ...(subject.appSignatureId && { appSignatureId: subject.appSignatureId }), ...(subject.environmentId && { environmentId: subject.environmentId }) },
    });
  }

  private async organizationOf(environmentId: string): Promise<string | undefined> {
    const environment = await this.dataSource.manager.findOne(EnvironmentEntity, { select: { id: true, organizationId: true }, where: { id: environmentId } });
    return environment?.organizationId;
  }
}
