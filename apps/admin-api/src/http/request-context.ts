import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '@rapidauth/access';
import type { AdminRequest } from '../auth/management.guard';

/** Who is calling and from where (the address honours TRUST_PROXY), for checks and the audit log. */
export interface RequestContext {
  readonly principal: Principal;
  readonly ip: string;
  readonly userAgent?: string;
}

export const Context = createParamDecorator((_: unknown, execution: ExecutionContext): RequestContext => {
  const request = execution.switchToHttp().getRequest<AdminRequest>();
  if (!request.principal) throw new Error('Context used on a route without the management guard');
  return { principal: request.principal, ip: request.ip ?? '', userAgent: request.headers['user-agent'] };
});

/** The audit fields a request context provides: who acted, from where. */
export function auditedBy(context: RequestContext): { actor: Principal; ip: string; userAgent?: string } {
  return { actor: context.principal, ip: context.ip, userAgent: context.userAgent };
}
