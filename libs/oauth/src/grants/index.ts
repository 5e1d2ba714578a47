import { AnonymousGrant } from './anonymous.grant';
import { AuthorizationCodeGrant } from './authorization-code.grant';
import { ClientCredentialsGrant } from './client-credentials.grant';
import { EmailOtpGrant } from './email-otp.grant';
import { EmailPasswordGrant } from './email-password.grant';
import { JwtBearerGrant } from './jwt-bearer.grant';
import { MfaOtpGrant } from './mfa-otp.grant';
import { PasswordGrant } from './password.grant';
import { PhoneOtpGrant } from './phone-otp.grant';
import { RefreshTokenGrant } from './refresh-token.grant';
import { TokenExchangeGrant } from './token-exchange.grant';
import { PinRefreshGrant } from './pin-refresh.grant';
import { BiometricRefreshGrant } from './biometric-refresh.grant';

export type { GrantOutcome, GrantRequest, GrantType, LoginContext } from './grant-type';
export { AnonymousGrant, AuthorizationCodeGrant, ClientCredentialsGrant, EmailOtpGrant, EmailPasswordGrant, JwtBearerGrant, MfaOtpGrant, PasswordGrant, PhoneOtpGrant, RefreshTokenGrant, TokenExchangeGrant, PinRefreshGrant, BiometricRefreshGrant };
export { BIOMETRIC_REFRESH_GRANT_TYPE, PIN_REFRESH_GRANT_TYPE } from './device-grant-types';
export { ANONYMOUS_GRANT_TYPE, ANONYMOUS_PROVIDER } from './anonymous.grant';
export { CUSTOM_PROVIDER, JWT_BEARER_GRANT_TYPE } from './jwt-bearer.grant';
export { MFA_OTP_GRANT_TYPE } from './mfa-otp.grant';
export { EMAIL_LOGIN_PURPOSE, EMAIL_OTP_GRANT_TYPE } from './email-otp.grant';
export { EMAIL_PASSWORD_GRANT_TYPE } from './email-password.grant';
export { ACCESS_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT_TYPE } from './token-exchange.grant';
export { PHONE_OTP_GRANT_TYPE, PHONE_PROVIDER } from './phone-otp.grant';

/** Injection token of the registered grant types: one line per grant type. */
export const GRANT_TYPES = Symbol('GRANT_TYPES');
export const GRANT_TYPE_CLASSES = [AuthorizationCodeGrant, RefreshTokenGrant, PasswordGrant, ClientCredentialsGrant, TokenExchangeGrant, AnonymousGrant, JwtBearerGrant, MfaOtpGrant, EmailPasswordGrant, EmailOtpGrant, PhoneOtpGrant, PinRefreshGrant, BiometricRefreshGrant];
