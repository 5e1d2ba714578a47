import { Inject, Injectable } from '@nestjs/common';
import { AccountIdentities, type IdentityRow } from '@rapidauth/identity';
import { DataSource } from 'typeorm';
import { InvalidRequestError, InvalidTokenError } from '../errors';
import { GRANT_TYPES, JWT_BEARER_GRANT_TYPE, PHONE_OTP_GRANT_TYPE, type GrantType } from '../grants';
import { refusingAsOAuth } from '../http/identity-refusals';
import type { OwnIdentityProof } from '../login/own-identity-proof';
import { pickParameters, readParameters } from '../token-endpoint/token-parameters';
import type { AccountLogin } from './account-login';
import { AccountLoginRepository } from './account-login.repository';
import { AccountRemovalRepository } from './account-removal.repository';

/**
 * A proof `POST /v3/auth/link` takes: which of the proving login's parameters each body field is,
 * and that login's grant, whose `prove` checks it. The email methods have none: the gateway proves
 * them with its email flows, which mail a confirmation or a code of the link's own.
 */
export interface LinkMethod {
  readonly grantType?: string;
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * The link methods (docs/gateway.md#linking-identities), one line each. A new own login becomes a
 * link method by implementing OwnIdentityProof on its grant and adding its line here. The email
 * methods prove another thing than their logins (a sign-up, or a code bound to the linking account).
 */
export const LINK_METHODS: Readonly<Record<string, LinkMethod>> = {
  email: { fields: { email: 'email', password: 'password' } },
  'email-otp': { fields: { email: 'email', code: 'code' } },
  'phone-otp': { grantType: PHONE_OTP_GRANT_TYPE, fields: { phoneNumber: 'phone_number', code: 'code' } },
  custom: { grantType: JWT_BEARER_GRANT_TYPE, fields: { token: 'assertion' } },
};

/** A link's body read: the method's name and line, and its fields as the proving login's parameters. */
export interface LinkRequest {
  readonly name: string;
  readonly method: LinkMethod;
  readonly params: Readonly<Record<string, string>>;
}

/** What a link did: the identity, its provider, and whether it was new to the account. */
export interface LinkOutcome {
  readonly identityId: string;
  readonly provider: string;
  readonly linked: boolean;
}

/**
 * Binds another own identity to the account of a login: the proof is checked by its login's own
 * `prove` (so a link spends a code or a custom token exactly as a login would) or, for the email
 * methods, by the gateway before it calls `bind`; then the identity is created on the account,
 * found there already, or refused as another account's (409 EXISTING_IDENTITY). The account is
 * locked for the link, as removals lock it, and the asking login checked again under the lock: a
 * link never lands on an account being removed.
 */
@Injectable()
export class AccountLinks {
  private readonly accounts: AccountIdentities;
  private readonly proofs: ReadonlyMap<string, OwnIdentityProof>;
  private readonly rows = new AccountRemovalRepository();
  private readonly logins = new AccountLoginRepository();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(GRANT_TYPES) grants: GrantType[],
  ) {
    this.accounts = new AccountIdentities(dataSource);
    this.proofs = new Map(grants.filter(isProof).map((grant) => [grant.name, grant]));
  }

  /** A method a grant proves (`method.grantType`), the proof checked by the grant's `prove`, then bound. */
  async link(login: AccountLogin, request: LinkRequest, now = new Date()): Promise<LinkOutcome> {
    const proof = request.method.grantType === undefined ? undefined : this.proofs.get(request.method.grantType);
    if (!proof) throw new Error(`no grant proves the ${request.name} link`);
    return this.bind(login, await proof.prove(login.environmentId, request.params, now));
  }

  /**
   * Binds a proven identity to the login's account. `emailVerified`: the proof was a code mailed
   * to the identity's address (AccountIdentities.link).
   */
  bind(login: AccountLogin, row: IdentityRow, options: { emailVerified?: boolean } = {}): Promise<LinkOutcome> {
    return refusingAsOAuth(() =>
      this.dataSource.transaction(async (manager) => {
        const locked = await this.rows.lockAccount(manager, login.accountId);
        const live = locked ? await this.logins.find(manager, login.familyId, login.accountId) : undefined;
        if (!live || live.revoked_at || live.disabled) throw new InvalidTokenError(undefined, { detail: 'login revoked or account removed meanwhile' });
        const linked = await this.accounts.link(manager, login.accountId, row, options);
        return { ...linked, provider: row.provider };
      }),
    );
  }
}

const isProof = (grant: GrantType): grant is GrantType & OwnIdentityProof => typeof (grant as Partial<OwnIdentityProof>).prove === 'function';

/**
 * The body of a link: `method`, one of LINK_METHODS, and that method's fields, each a string given
 * once (the token endpoint's rules and limits apply to them as the login's parameters); any other
 * field is refused.
 */
export function linkRequest(body: Readonly<Record<string, unknown>>): LinkRequest {
  const name = body.method;
  if (name === undefined || name === '') throw new InvalidRequestError('method is required', { code: 'MISSING_PARAMETER', field: 'method' });
  if (typeof name !== 'string') throw new InvalidRequestError('method must be given once, as a string', { code: 'DUPLICATE_PARAMETER', field: 'method' });
  const method = Object.hasOwn(LINK_METHODS, name) ? LINK_METHODS[name] : undefined;
  if (!method) throw new InvalidRequestError(`method must be one of ${Object.keys(LINK_METHODS).join(', ')}`, { field: 'method' });
  const renamed: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(body)) {
    if (field === 'method') continue;
    if (!Object.hasOwn(method.fields, field)) throw new InvalidRequestError(`unknown parameter ${field.slice(0, 64)}`, { field: field.slice(0, 64) });
    renamed[method.fields[field]] = value;
  }
  const params = pickParameters(readParameters(renamed), Object.values(method.fields));
  for (const [field, parameter] of Object.entries(method.fields)) {
    if (params[parameter] === undefined) throw new InvalidRequestError(`missing parameter: ${field}`, { code: 'MISSING_PARAMETER', field });
  }
  return { name, method, params };
}
