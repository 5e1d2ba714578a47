import { Injectable } from '@nestjs/common';
import { EMAIL_PROVIDER, EmailIdentities, IdentityError, LocalIdentities, normalizeEmail, OneTimeCodes } from '@rapidauth/identity';
import { AccessDeniedError, AccountLinks, OwnIdentityLogins, RateLimits, type AccountLogin, type LinkOutcome, type LinkRequest } from '@rapidauth/oauth';
import { EmailFlows, LINK_PURPOSE } from './email-flows';

/** The link methods this class proves; AccountLinks proves the others, through their grants. */
const EMAIL_LINK_METHODS: ReadonlySet<string> = new Set(['email', 'email-otp']);

/**
 * The email link methods (docs/gateway.md#linking-identities). `email`: a new address becomes an
 * identity of the account as a sign-up with a Bearer token makes it (password rules, confirmation
 * mail, taken back when the mail fails); the account's own address is proved by its password as
 * the email login checks it. `email-otp`: a link code mailed by `POST /v3/auth/link/email-otp`,
 * counted and spent as a login code, valid for the account that asked only; the address is then a
 * verified identity of the account. An address of another account is EXISTING_IDENTITY (409).
 */
@Injectable()
export class EmailLinks {
  constructor(
    private readonly flows: EmailFlows,
    private readonly logins: OwnIdentityLogins,
    private readonly identities: EmailIdentities,
    private readonly localIdentities: LocalIdentities,
    private readonly rateLimits: RateLimits,
    private readonly codes: OneTimeCodes,
    private readonly links: AccountLinks,
  ) {}

  proves(request: LinkRequest): boolean {
    return EMAIL_LINK_METHODS.has(request.name);
  }

  link(login: AccountLogin, request: LinkRequest, ip: string, now = new Date()): Promise<LinkOutcome> {
    return request.name === 'email' ? this.byPassword(login, request.params, ip, now) : this.byCode(login, request.params, now);
  }

  private async byPassword(login: AccountLogin, params: Readonly<Record<string, string>>, ip: string, now: Date): Promise<LinkOutcome> {
    const { environmentId, accountId } = login;
    const settings = await this.logins.settingsFor(environmentId, 'email');
    if (!settings.email.passwordLogin) throw new AccessDeniedError('email and password logins are not enabled for this environment', { code: 'PROVIDER_DISABLED' });
    const email = normalizeEmail(params.email);
    const existing = await this.identities.find(environmentId, email);
    if (!existing) {
      const created = await this.flows.createIdentity(environmentId, settings, { email, password: params.password }, accountId, now);
      return { identityId: created.identityId, provider: EMAIL_PROVIDER, linked: true };
    }
    if (existing.accountId !== accountId) throw taken();
    await this.rateLimits.signIn(environmentId, ip, email);
    const proven = await this.localIdentities.authenticateEmail({ environmentId, email, password: params.password, ip }, now);
    // Removed and signed up again by another account between the look-up and the check.
    if (proven.accountId !== accountId) throw taken();
    return { identityId: proven.identityId, provider: EMAIL_PROVIDER, linked: false };
  }

  private async byCode(login: AccountLogin, params: Readonly<Record<string, string>>, now: Date): Promise<LinkOutcome> {
    const { environmentId, accountId } = login;
    const settings = await this.logins.settingsFor(environmentId, 'email');
    if (!settings.email.otpLogin) throw new AccessDeniedError('email code logins are not enabled for this environment', { code: 'PROVIDER_DISABLED' });
    const email = normalizeEmail(params.email);
    await this.codes.verify({ environmentId, purpose: LINK_PURPOSE, destination: email, code: params.code, accountId, now });
    const row = { environmentId, provider: EMAIL_PROVIDER, providerUid: email, username: null, email, profile: {} };
    return this.links.bind(login, row, { emailVerified: true });
  }
}

const taken = () => new IdentityError('EXISTING_IDENTITY', 'this email address is an identity of another account', { field: 'email' });
