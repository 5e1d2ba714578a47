import { Injectable } from '@nestjs/common';
import type { TotpEnrolment } from '@rapidauth/identity';
import { AccountLinks, AccountMfa, AccountRemoval, AccountViews, InvalidRequestError, linkRequest, NotFoundError, type AccountLogin, type AccountView } from '@rapidauth/oauth';
import { EmailLinks } from '../email/email-links';
import { AccountAudit } from './account-audit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where the request came from, for the audit log. */
export interface RequestOrigin {
  readonly ip?: string;
  readonly userAgent?: string;
}

/**
 * What an account's owner does with a Bearer token (docs/gateway.md#account-self-service): read the
 * account, remove identities or the account, manage the authenticator. Every change is audited as
 * the admin API audits it (`user.*`, target the user), with the account as the actor (AccountAudit;
 * AccountMfa audits the authenticator's enrolment and confirmation itself).
 */
@Injectable()
export class AccountSelfService {
  constructor(
    private readonly views: AccountViews,
    private readonly removal: AccountRemoval,
    private readonly mfa: AccountMfa,
    private readonly links: AccountLinks,
    private readonly emailLinks: EmailLinks,
    private readonly audit: AccountAudit,
  ) {}

  view(login: AccountLogin): Promise<AccountView> {
    return this.views.of(login);
  }

  /** Binds the identity a proof names to the account (docs/gateway.md#linking-identities); audited only when it was new to the account. */
  async link(login: AccountLogin, body: Readonly<Record<string, unknown>>, origin: RequestOrigin): Promise<AccountView> {
    const request = linkRequest(body);
    const outcome = this.emailLinks.proves(request) ? await this.emailLinks.link(login, request, origin.ip ?? '') : await this.links.link(login, request);
    if (outcome.linked) await this.record(login, origin, 'user.identity_link', { identityId: outcome.identityId, provider: outcome.provider });
    return this.views.of(login);
  }

  /** Unlinks another identity of the account; the one the token signed in with is removed by removeCurrentIdentity. */
  async unlink(login: AccountLogin, id: string, origin: RequestOrigin): Promise<void> {
    if (!UUID.test(id)) throw new NotFoundError('identity not found', { field: 'id' });
    // PostgreSQL reads a uuid in any case: compare it as the database does.
    const identityId = id.toLowerCase();
    if (identityId === login.identityId) {
      throw new InvalidRequestError('this is the identity the token signed in with; remove it with DELETE /v3/auth/identity', { field: 'id' });
    }
    const removed = await this.removal.removeIdentity({ accountId: login.accountId, identityId, identityField: 'id', login });
    await this.record(login, origin, 'user.identity_delete', { identityId, ...removed });
  }

  /** Removes the identity the token signed in with; the account's last takes the account. */
  async removeCurrentIdentity(login: AccountLogin, origin: RequestOrigin): Promise<{ accountRemoved: boolean }> {
    const identityId = login.identityId;
    if (!identityId) throw new InvalidRequestError('this login was made without an identity (an authentication grant)', { code: 'INVALID_PARAMETER' });
    const removed = await this.removal.removeIdentity({ accountId: login.accountId, identityId, identityField: 'identity', login });
    await this.record(login, origin, 'user.identity_delete', { identityId, ...removed });
    return { accountRemoved: removed.accountRemoved };
  }

  async removeAccount(login: AccountLogin, origin: RequestOrigin): Promise<void> {
    await this.removal.removeAccount({ accountId: login.accountId, login });
    await this.record(login, origin, 'user.delete', {});
  }

  /** The secret is answered here once; the audit names only the event. */
  enrolTotp(login: AccountLogin, origin: RequestOrigin): Promise<TotpEnrolment> {
    return this.mfa.enrol(login, origin);
  }

  confirmTotp(login: AccountLogin, code: string, origin: RequestOrigin): Promise<{ recoveryCodes: string[] }> {
    return this.mfa.confirm(login, code, origin);
  }

  async removeTotp(login: AccountLogin, origin: RequestOrigin): Promise<void> {
    const removed = await this.mfa.remove(login);
    await this.record(login, origin, 'user.mfa_remove', { removed });
  }

  async regenerateRecoveryCodes(login: AccountLogin, origin: RequestOrigin): Promise<{ recoveryCodes: string[] }> {
    const codes = await this.mfa.regenerateRecoveryCodes(login);
    await this.record(login, origin, 'user.recovery_codes_regenerate', {});
    return codes;
  }

  private record(login: AccountLogin, origin: RequestOrigin, action: string, details: Record<string, unknown>): Promise<void> {
    return this.audit.record(action, login, origin, details);
  }
}
