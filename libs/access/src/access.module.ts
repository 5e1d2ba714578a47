import { Module } from '@nestjs/common';
import { AccessControl } from './access-control';
import { AuditLog } from './audit-log';

@Module({ providers: [AccessControl, AuditLog], exports: [AccessControl, AuditLog] })
export class AccessModule {}
