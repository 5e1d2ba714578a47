import { Injectable } from '@nestjs/common';
import { AccountIdentities, PhoneCodes, type IdentityRow } from '@rapidauth/identity';
import { DataSource } from 'typeorm';
import { refusingAsOAuth } from '../http/identity-refusals';
import { OwnIdentityLogins } from '../login/own-identity-logins';
import type { OwnIdentityProof } from '../login/own-identity-proof';
import type { ScopePolicy } from '../tokens/scopes';
import type { GrantOutcome, GrantRequest, GrantType } from './grant-type';

export const PHONE_OTP_GRANT_TYPE = 'urn:rapidauth:grant-type:phone-otp';
/** The identity provider of phone logins; the E.164 number is the providerUid. */
export const PHONE_PROVIDER = 'phone';

/**
 * A phone login (docs/gateway.md#phone-login): the code sent by SMS to `phone_number` (E.164),
 * spent here. The number's identity is found or created with its account (a new number, a new
 * account); the login's `amr` is `sms` (RFC 8176 §2).
 */
@Injectable()
export class PhoneOtpGrant implements GrantType, OwnIdentityProof {
  readonly name = PHONE_OTP_GRANT_TYPE;
  readonly parameters = ['phone_number', 'code', 'scope'];
  readonly requiredParameters = ['phone_number', 'code'];
  readonly confidentialOnly = false;
  readonly scopePolicy: ScopePolicy = { from: 'request', openid: true };
  private readonly accounts: AccountIdentities;

  constructor(
    dataSource: DataSource,
    private readonly logins: OwnIdentityLogins,
    private readonly phoneCodes: PhoneCodes,
  ) {
    this.accounts = new AccountIdentities(dataSource);
  }

  async authorize(request: GrantRequest): Promise<GrantOutcome> {
    const { client, now, params } = request;
    const row = await this.prove(client.environmentId, params, now);
    return this.logins.login(request, (manager) => this.accounts.signIn(row, now, { on: manager }), ['sms']);
  }

  async prove(environmentId: string, params: Readonly<Record<string, string | undefined>>, now: Date): Promise<IdentityRow> {
    const settings = await this.logins.settingsFor(environmentId, 'phone');
    const phoneNumber = await refusingAsOAuth(() => this.phoneCodes.verify({ environmentId, phoneNumber: params.phone_number, code: params.code, settings, now }));
    return { environmentId, provider: PHONE_PROVIDER, providerUid: phoneNumber, username: null, email: null, profile: {} };
  }
}
