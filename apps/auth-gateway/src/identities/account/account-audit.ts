import { Global, Injectable, Module } from '@nestjs/common';
import { AccessModule, AuditLog } from '@rapidauth/access';
import { ACCOUNT_MFA_AUDIT, type AccountMfaAudit, type MfaAccount, type MfaOrigin } from '@rapidauth/oauth';

/**
 * What an account's owner changes, audited as the admin API audits it (`user.*`, target the
 * user), with the account as the actor: the account endpoints' changes, and the authenticator's
 * enrolment and confirmation whichever way they come in (AccountMfa's port).
 */
@Injectable()
export class AccountAudit implements AccountMfaAudit {
  constructor(private readonly audit: AuditLog) {}

  record(action: string, account: MfaAccount, origin: MfaOrigin, details: Record<string, unknown> = {}): Promise<void> {
    return this.audit.record({
      actor: { type: 'account', id: account.accountId },
      action,
      target: { type: 'user', id: account.accountId },
      organizationId: account.organizationId,
      ip: origin.ip,
      userAgent: origin.userAgent,
      details: { ...details, environmentId: account.environmentId, familyId: account.familyId },
    });
  }
}

/**
 * Fills OAuthModule's audit port for the authenticator. Global because OAuthModule cannot import
 * it (it builds on OAuthModule's types): Nest offers a global module's exports to every module, OAuthModule included.
 */
@Global()
@Module({
  imports: [AccessModule],
  providers: [AccountAudit, { provide: ACCOUNT_MFA_AUDIT, useExisting: AccountAudit }],
  exports: [AccountAudit, ACCOUNT_MFA_AUDIT],
})
export class AccountAuditModule {}
