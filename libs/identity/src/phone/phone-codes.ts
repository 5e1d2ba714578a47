import { Injectable } from '@nestjs/common';
import { normalizePhoneNumber } from '../addresses/phone-number';
import { MessageDelivery } from '../delivery/message-delivery';
import { IdentityError } from '../identity.errors';
import { OneTimeCodes } from '../otp/one-time-codes';
import type { IdentityMethodSettings } from '../settings/identity-method-settings';

const PURPOSE = 'phone-login';

export interface PhoneCodeRequest {
  readonly environmentId: string;
  /** As the caller sent it: normalised to E.164 and checked against `phone.allowedCountryCodes` here. */
  readonly phoneNumber: unknown;
  readonly settings: IdentityMethodSettings;
  readonly now: Date;
}

/** When the code sent expires, and when the next one may be asked for. */
export interface SentPhoneCode {
  readonly expiresAt: Date;
  readonly resendAfter: Date;
}

/**
 * The one-time codes of phone logins (docs/gateway.md#phone-login): a code by SMS to the E.164 number,
 * and its check. The number, normalised, is the identity's providerUid, so `+33 6 12…` and
 * `+33612…` are one identity. A code the provider could not take is voided: it can never be used.
 */
@Injectable()
export class PhoneCodes {
  constructor(
    private readonly codes: OneTimeCodes,
    private readonly delivery: MessageDelivery,
  ) {}

  /**
   * @throws IdentityError INVALID_PHONE_NUMBER, RATE_LIMITED (with retryAfter), DELIVERY_FAILED
   */
  async send(request: PhoneCodeRequest & { readonly appName: string }): Promise<SentPhoneCode> {
    const { settings, now } = request;
    const destination = normalizePhoneNumber(request.phoneNumber, settings.phone.allowedCountryCodes);
    const issued = await this.codes.issue({ environmentId: request.environmentId, purpose: PURPOSE, destination, policy: settings.otp, now });
    try {
      await this.delivery.sendSms(destination, settings.templates.smsOtp.text, {
        code: issued.code,
        appName: request.appName,
        expiresMinutes: Math.ceil(settings.otp.ttlSeconds / 60),
      });
    } catch (error) {
      await this.codes.void(issued.id, now);
      // The voided code still counts as sent: the next one may be asked for after the resend wait.
      if (error instanceof IdentityError && error.code === 'DELIVERY_FAILED') throw new IdentityError('DELIVERY_FAILED', error.message, { retryAfter: issued.resendAfter });
      throw error;
    }
    return { expiresAt: issued.expiresAt, resendAfter: issued.resendAfter };
  }

  /**
   * Spends the number's live code when `code` is it; answers the number in E.164.
   * @throws IdentityError INVALID_PHONE_NUMBER, INVALID_OTP (with attemptsLeft)
   */
  async verify(request: PhoneCodeRequest & { readonly code: unknown }): Promise<string> {
    const destination = normalizePhoneNumber(request.phoneNumber, request.settings.phone.allowedCountryCodes);
    await this.codes.verify({ environmentId: request.environmentId, purpose: PURPOSE, destination, code: request.code, now: request.now });
    return destination;
  }
}
