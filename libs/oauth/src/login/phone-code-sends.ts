import { Injectable } from '@nestjs/common';
import { PhoneCodes } from '@rapidauth/identity';
import { DataSource } from 'typeorm';
import { AccountViewRepository } from '../account/account-view.repository';
import { ClientAuthenticator, type ClientCredentialsSource, type MoreOrigins } from '../clients/client-authenticator';
import { InvalidClientError, InvalidRequestError, UnauthorizedClientError } from '../errors';
import { PHONE_OTP_GRANT_TYPE } from '../grants/phone-otp.grant';
import { authorizationScheme } from '../http/authorization-header';
import { RateLimits } from '../rate-limit/rate-limits';
import { pickParameters, readParameters } from '../token-endpoint/token-parameters';
import { refusingAsOAuth } from '../http/identity-refusals';
import { OwnIdentityLogins } from './own-identity-logins';

/** RFC 6749 §5.1 style: seconds from now. */
export interface CodeSent {
  readonly expires_in: number;
  readonly resend_after: number;
}

export type CodeSendRequest = ClientCredentialsSource & { readonly origins?: MoreOrigins };

/**
 * `POST /v3/auth/phone/otp` (docs/gateway.md#phone-login): the client authenticated as at the token
 * endpoint and held to its rate limit, allowed the phone-otp grant the code is for, the method on;
 * then a code by SMS. Nothing is sent for a client that could not spend the code.
 */
@Injectable()
export class PhoneCodeSends {
  private readonly rows: AccountViewRepository;

  constructor(
    dataSource: DataSource,
    private readonly authenticator: ClientAuthenticator,
    private readonly rateLimits: RateLimits,
    private readonly logins: OwnIdentityLogins,
    private readonly phoneCodes: PhoneCodes,
  ) {
    this.rows = new AccountViewRepository(dataSource);
  }

  async send(request: CodeSendRequest, now = new Date()): Promise<CodeSent> {
    const params = readParameters(request.body);
    const client = await this.authenticator.authenticate({ ...request, body: params }, request.origins);
    if (client.kind !== 'app') throw new InvalidClientError('organization clients cannot sign users in', { detail: client.clientId });
    const authenticated = params.client_secret !== undefined || authorizationScheme(request.authorization) === 'basic';
    await this.rateLimits.tokenRequest(client.clientId, authenticated);
    if (!client.grantTypes.includes(PHONE_OTP_GRANT_TYPE)) throw new UnauthorizedClientError(`the client may not use the ${PHONE_OTP_GRANT_TYPE} grant`);
    const { phone_number: phoneNumber } = pickParameters(params, ['phone_number']);
    if (phoneNumber === undefined) throw new InvalidRequestError('missing parameter: phoneNumber', { code: 'MISSING_PARAMETER', field: 'phoneNumber' });
    const settings = await this.logins.settingsFor(client.environmentId, 'phone');
    const appName = (await this.rows.appName(client.environmentId)) ?? client.name ?? '';
    const sent = await refusingAsOAuth(() => this.phoneCodes.send({ environmentId: client.environmentId, phoneNumber, settings, appName, now }));
    return { expires_in: secondsFrom(now, sent.expiresAt), resend_after: secondsFrom(now, sent.resendAfter) };
  }
}

const secondsFrom = (now: Date, at: Date) => Math.max(0, Math.ceil((at.getTime() - now.getTime()) / 1000));
