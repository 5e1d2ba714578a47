import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import {
  EmailIdentities,
  IdentityError,
  IdentityMethods,
  MessageDelivery,
  normalizeEmail,
  OneTimeCodes,
  type IdentityMethodSettings,
  type IssuedCode,
  type MailTemplate,
  type MessageVars,
  type OneTimeCodePurpose,
  type SignedUp,
} from '@rapidauth/identity';
import {
  ANONYMOUS_PROVIDER,
  ClientAuthenticator,
  EMAIL_LOGIN_PURPOSE,
  InvalidClientError,
  InvalidRequestError,
  NotFoundError,
  OwnIdentityLogins,
  RefreshTokens,
  type AccountLogin,
  type AppClient,
} from '@rapidauth/oauth';

const VERIFICATION: OneTimeCodePurpose = 'email-verification';
const RESET: OneTimeCodePurpose = 'password-reset';
/** What the codes of `email-otp` links are issued for: never a login's, bound to the account that asked. */
export const LINK_PURPOSE: OneTimeCodePurpose = 'link';

/** What a send answers (202), the same whether the address is known or not. */
export interface CodeSent {
  readonly expires_in: number;
  readonly resend_after: number;
}

export interface SignUpAnswer {
  readonly uid: string;
  readonly provider: 'email';
  readonly providerUid: string;
  readonly createdAt: number;
  readonly emailVerified: boolean;
}

/** The client and origin of a request to an email endpoint, as the token endpoint authenticates them. */
export interface EmailRequest {
  readonly authorization?: string;
  readonly origin?: string;
  readonly params: Record<string, string>;
}

/**
 * The email endpoints that are not logins (docs/gateway.md#email-login): sign-up, confirming the
 * address (code or link), sign-in codes and password resets. Every code goes out by mail under the
 * environment's template, and a mail that cannot be sent voids its code. A sign-up waits for its
 * mail (503 DELIVERY_FAILED, the sign-up taken back). A send that must not tell whether the address
 * has an account (sign-in code, reset, resent confirmation) answers once the code is written and
 * mails after the answer; one to an address nobody has does the same work, under the same resend
 * limits, and sends nothing.
 */
@Injectable()
export class EmailFlows {
  constructor(
    private readonly authenticator: ClientAuthenticator,
    private readonly identityMethods: IdentityMethods,
    private readonly logins: OwnIdentityLogins,
    private readonly identities: EmailIdentities,
    private readonly codes: OneTimeCodes,
    private readonly delivery: MessageDelivery,
    private readonly refreshTokens: RefreshTokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The client the request authenticates (RFC 6749 §2.3) and its environment's settings, with the email method on. */
  async client(request: EmailRequest): Promise<{ client: AppClient; settings: IdentityMethodSettings }> {
    const client = await this.authenticator.authenticate(
      { authorization: request.authorization, body: request.params, origin: request.origin },
      async (app) => (await this.identityMethods.forEnvironment(app.environmentId)).authorizedOrigins,
    );
    if (client.kind !== 'app') throw new InvalidClientError('an organization client cannot sign users in', { detail: 'organization client at an email endpoint' });
    return { client, settings: await this.logins.settingsFor(client.environmentId, 'email') };
  }

  /** A new email identity (the Bearer login's account, when given, joins it) and its confirmation mail. */
  async signUp(request: EmailRequest, login: AccountLogin | undefined, now = new Date()): Promise<SignUpAnswer> {
    const { client, settings } = await this.client(request);
    if (login && login.environmentId !== client.environmentId) {
      throw new InvalidRequestError('the access token belongs to another environment', { field: 'authorization' });
    }
    const signedUp = await this.createIdentity(client.environmentId, settings, request.params, login?.accountId, now);
    return { uid: signedUp.accountId, provider: 'email', providerUid: signedUp.email, createdAt: seconds(signedUp.createdAt), emailVerified: false };
  }

  /**
   * The identity a sign-up makes (in `accountId` when given: the sign-up with a Bearer token, and
   * the `email` link) and its confirmation mail; a mail not sent takes the identity back.
   */
  async createIdentity(
    environmentId: string,
    settings: IdentityMethodSettings,
    fields: { readonly email?: string; readonly password?: string; readonly displayName?: string },
    accountId: string | undefined,
    now: Date,
  ): Promise<SignedUp> {
    const signedUp = await this.identities.signUp({ environmentId, email: fields.email, password: fields.password, displayName: fields.displayName, accountId, now });
    try {
      await this.send({ environmentId }, settings, VERIFICATION, signedUp.email, settings.templates.emailVerification, now);
    } catch (error) {
      await this.identities.undoSignUp(signedUp);
      throw error;
    }
    await this.identities.completeSignUp(signedUp, ANONYMOUS_PROVIDER);
    return signedUp;
  }

  /** The confirmation code: the address verified. */
  async verifyCode(request: EmailRequest, now = new Date()): Promise<{ uid: string; providerUid: string; emailVerified: true }> {
    const { client } = await this.client(request);
    const email = normalizeEmail(request.params.email);
    await this.codes.verify({ environmentId: client.environmentId, purpose: VERIFICATION, destination: email, code: request.params.code, now });
    const identity = await this.identities.find(client.environmentId, email);
    if (!identity) throw new IdentityError('INVALID_OTP', 'the code is wrong, expired or already used', { field: 'code', attemptsLeft: 0 });
    await this.identities.markVerified(identity.identityId);
    return { uid: identity.accountId, providerUid: email, emailVerified: true };
  }

  /** The confirmation link: whether it verified an address (a link spent, expired or altered does not). */
  async verifyLink(token: unknown, now = new Date()): Promise<boolean> {
    const link = await this.codes.verifyLink(token, VERIFICATION, now);
    if (!link) return false;
    const identity = await this.identities.find(link.environmentId, link.destination);
    if (!identity) return false;
    await this.identities.markVerified(identity.identityId);
    return true;
  }

  /** A new confirmation code and link, voiding the last; nothing sent for an unknown or verified address. */
  async resendVerification(request: EmailRequest, now = new Date()): Promise<CodeSent> {
    const { client, settings } = await this.client(request);
    const email = normalizeEmail(request.params.email);
    const identity = await this.identities.find(client.environmentId, email);
    return this.sendOrPretend(client, settings, VERIFICATION, email, settings.templates.emailVerification, Boolean(identity && !identity.emailVerified), now);
  }

  /** A sign-in code (the email-otp grant spends it). */
  async sendLoginCode(request: EmailRequest, now = new Date()): Promise<CodeSent> {
    const { client, settings } = await this.client(request);
    if (!settings.email.otpLogin) throw new IdentityError('PROVIDER_DISABLED', 'email code logins are not enabled for this environment');
    const email = normalizeEmail(request.params.email);
    const known = Boolean(await this.identities.find(client.environmentId, email));
    return this.sendOrPretend(client, settings, EMAIL_LOGIN_PURPOSE, email, settings.templates.emailOtp, known, now);
  }

  /**
   * A link code (docs/gateway.md#linking-identities) for the login's account to any address: the
   * caller is signed in and proving the address is the point, so every address is mailed, and only
   * that account's `email-otp` link spends the code.
   */
  async sendLinkCode(login: AccountLogin, email: unknown, now = new Date()): Promise<CodeSent> {
    const settings = await this.logins.settingsFor(login.environmentId, 'email');
    if (!settings.email.otpLogin) throw new IdentityError('PROVIDER_DISABLED', 'email code logins are not enabled for this environment');
    const to = normalizeEmail(email);
    const issued = await this.send({ environmentId: login.environmentId }, settings, LINK_PURPOSE, to, settings.templates.emailOtp, now, login.accountId);
    return codeSent(issued, now);
  }

  async sendPasswordReset(request: EmailRequest, now = new Date()): Promise<CodeSent> {
    const { client, settings } = await this.client(request);
    const email = normalizeEmail(request.params.email);
    const known = Boolean(await this.identities.find(client.environmentId, email));
    return this.sendOrPretend(client, settings, RESET, email, settings.templates.passwordReset, known, now);
  }

  /**
   * The reset code and a new password: the password is checked before the code is spent, so a
   * weak one costs no guess; then every login of the account is revoked, so nothing the old
   * password let in outlives the reset.
   */
  async confirmPasswordReset(request: EmailRequest, now = new Date()): Promise<void> {
    const { client } = await this.client(request);
    const email = normalizeEmail(request.params.email);
    const { password } = request.params;
    this.identities.checkPassword(password);
    await this.codes.verify({ environmentId: client.environmentId, purpose: RESET, destination: email, code: request.params.code, now });
    const identity = await this.identities.find(client.environmentId, email);
    if (!identity) throw new IdentityError('INVALID_OTP', 'the code is wrong, expired or already used', { field: 'code', attemptsLeft: 0 });
    await this.identities.setPassword(identity.identityId, password, true);
    for (const familyId of await this.identities.liveFamilies(identity.accountId)) await this.refreshTokens.revokeFamily(familyId, 'password_reset', now);
  }

  /** A new password for the account's email identity (the login's own when it is one). */
  async changePassword(login: AccountLogin, password: unknown): Promise<void> {
    const identity = await this.identities.ofAccount(login.accountId, login.identityId);
    if (!identity) throw new NotFoundError('the account has no email identity');
    await this.identities.setPassword(identity.identityId, password, false);
  }

  private async sendOrPretend(
    client: AppClient,
    settings: IdentityMethodSettings,
    purpose: OneTimeCodePurpose,
    email: string,
    template: MailTemplate,
    known: boolean,
    now: Date,
  ): Promise<CodeSent> {
    // Issued for an unknown address too (and never sent): the same row and HMAC before the answer,
    // and the same resend limits.
    const issued = await this.issue(client, settings, purpose, email, now);
    if (known) {
      this.delivery.sendEmailAfterAnswer(email, template, {
        purpose,
        vars: () => this.messageVars(client, settings, issued),
        onFailure: () => this.codes.void(issued.id),
      });
    }
    return codeSent(issued, now);
  }

  /** Issues a code (and for a confirmation, its link) and mails it before answering; a mail not sent voids the code. */
  private async send(
    client: Pick<AppClient, 'environmentId'>,
    settings: IdentityMethodSettings,
    purpose: OneTimeCodePurpose,
    email: string,
    template: MailTemplate,
    now: Date,
    accountId?: string,
  ): Promise<IssuedCode> {
    const issued = await this.issue(client, settings, purpose, email, now, accountId);
    try {
      await this.delivery.sendEmail(email, template, await this.messageVars(client, settings, issued));
    } catch (error) {
      await this.codes.void(issued.id, now);
      throw error;
    }
    return issued;
  }

  private issue(
    client: Pick<AppClient, 'environmentId'>,
    settings: IdentityMethodSettings,
    purpose: OneTimeCodePurpose,
    email: string,
    now: Date,
    accountId?: string,
  ): Promise<IssuedCode> {
    return this.codes.issue({ environmentId: client.environmentId, purpose, destination: email, policy: settings.otp, now, withLink: purpose === VERIFICATION, accountId });
  }

  private async messageVars(client: Pick<AppClient, 'environmentId'>, settings: IdentityMethodSettings, issued: IssuedCode): Promise<MessageVars> {
    return {
      code: issued.code,
      link: issued.linkToken === undefined ? undefined : `${this.config.publicUrl}/v3/auth/email/verify?token=${encodeURIComponent(issued.linkToken)}`,
      appName: await this.identities.appName(client.environmentId),
      expiresMinutes: Math.ceil(settings.otp.ttlSeconds / 60),
    };
  }
}

/** The 202 answer of a code request: when the code ends and when another may be asked for. */
function codeSent(issued: IssuedCode, now: Date): CodeSent {
  return { expires_in: Math.round((issued.expiresAt.getTime() - now.getTime()) / 1000), resend_after: Math.round((issued.resendAfter.getTime() - now.getTime()) / 1000) };
}

const seconds = (at: Date) => Math.floor(at.getTime() / 1000);
