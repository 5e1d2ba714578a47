export { ensureBootstrapAdmin } from './bootstrap-admin';
export type { BootstrapAdminResult } from './bootstrap-admin';
export { AccessControl } from './access-control';
export { grants, PLATFORM } from './permissions';
export type { CheckTarget, Target, TargetType } from './permissions';
export type { EffectiveAuthority, Principal } from './principal';
export { AuditLog } from './audit-log';
export type { AuditRecord } from './audit-log';
export { AccessModule } from './access.module';
