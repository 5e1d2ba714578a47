import { Controller, Get, Header, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { AccountLogins, authorizationScheme, bearerToken, InvalidRequestError, presentedAccessToken } from '@rapidauth/oauth';
import type { Request, Response } from 'express';
import { setHtmlSecurityHeaders } from '../../login/html-security';
import { emailVerifiedPage } from './email-pages';
import { emailParameters, emailRequest, requireEmailAndPassword, requireFields } from './email-body';
import { EmailFlows, type CodeSent, type SignUpAnswer } from './email-flows';

/** Longer names are not names (a custom token's displayName has the same bound). */
const MAX_DISPLAY_NAME = 200;

/** Sign-up and confirming the address (docs/gateway.md#email-login). */
@Controller('v3/auth/email')
export class EmailSignUpController {
  constructor(
    private readonly flows: EmailFlows,
    private readonly accountLogins: AccountLogins,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `{client_id, email, password, displayName?}`; with `Authorization: Bearer`, the identity joins that login's account. */
  @Post('signup')
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  async signUp(@Req() request: Request): Promise<SignUpAnswer> {
    const params = emailParameters(request, ['client_id', 'client_secret', 'email', 'password', 'displayName']);
    requireEmailAndPassword(params);
    if (params.displayName !== undefined && (params.displayName.trim() === '' || params.displayName.length > MAX_DISPLAY_NAME)) {
      throw new InvalidRequestError(`displayName must be 1-${MAX_DISPLAY_NAME} characters`, { field: 'displayName' });
    }
    const scheme = authorizationScheme(request.headers.authorization);
    const bearer = scheme === 'bearer' || scheme === 'dpop';
    const login = bearer ? await this.accountLogins.authenticate(presentedAccessToken(request, bearerToken(request.headers.authorization)), request.headers.origin) : undefined;
    // The header holds the account's token: the client authenticates in the body.
    return this.flows.signUp({ authorization: bearer ? undefined : request.headers.authorization, origin: request.headers.origin, params }, login);
  }

  /** `{client_id, email, code}`: the code of the confirmation mail. */
  @Post('verify')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  verify(@Req() request: Request): Promise<{ uid: string; providerUid: string; emailVerified: true }> {
    const params = emailParameters(request, ['client_id', 'client_secret', 'email', 'code']);
    requireFields(params, 'email', 'code');
    return this.flows.verifyCode(emailRequest(request, params));
  }

  /** The confirmation mail's link: a small page saying whether the address is confirmed. */
  @Get('verify')
  async verifyLink(@Query('token') token: unknown, @Res() response: Response): Promise<void> {
    const verified = await this.flows.verifyLink(token);
    setHtmlSecurityHeaders(response, { https: this.config.https });
    response.status(verified ? 200 : 400).type('html').send(emailVerifiedPage(verified));
  }

  /** `{client_id, email}`: a new confirmation code and link (202 `{expires_in, resend_after}`). */
  @Post('verify/resend')
  @HttpCode(202)
  @Header('Cache-Control', 'no-store')
  resend(@Req() request: Request): Promise<CodeSent> {
    const params = emailParameters(request, ['client_id', 'client_secret', 'email']);
    requireFields(params, 'email');
    return this.flows.resendVerification(emailRequest(request, params));
  }
}
