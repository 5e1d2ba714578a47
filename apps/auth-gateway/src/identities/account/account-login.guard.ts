import { applyDecorators, type CanActivate, createParamDecorator, type ExecutionContext, Header, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccountLogins, authorizationScheme, bearerToken, FreshLogins, presentedAccessToken, type AccountLogin } from '@rapidauth/oauth';
import type { Request } from 'express';

const FRESH_LOGIN = 'rapidauth:fresh-login';
const OR_SIGN_IN_CHALLENGE = 'rapidauth:or-sign-in-challenge';

type WithLogin = Request & { accountLogin?: AccountLogin };

/** The route needs a fresh login (docs/gateway.md#fresh-login): an old token gets TOKEN_TOO_OLD and changes nothing. */
export const FreshLoginRequired = (): MethodDecorator & ClassDecorator => SetMetadata(FRESH_LOGIN, true);

/**
 * The route also serves a sign-in waiting for its second factor, which has no token yet: a request
 * without a Bearer token passes the guard without a login (SignInOrLogin), and the handler
 * authenticates its client and `mfa_token` instead (docs/gateway.md#second-factor-at-login).
 */
export const OrSignInChallenge = (): MethodDecorator => SetMetadata(OR_SIGN_IN_CHALLENGE, true);

/** The login the guard authenticated. */
export const CurrentLogin = createParamDecorator((_data: unknown, context: ExecutionContext): AccountLogin => {
  const login = context.switchToHttp().getRequest<WithLogin>().accountLogin;
  if (!login) throw new Error('CurrentLogin outside AccountLoginGuard');
  return login;
});

/** The login the guard authenticated, or undefined on an OrSignInChallenge route called without a Bearer token. */
export const SignInOrLogin = createParamDecorator((_data: unknown, context: ExecutionContext): AccountLogin | undefined => context.switchToHttp().getRequest<WithLogin>().accountLogin);

/**
 * The account endpoints' gate: `Authorization: Bearer` with a user access token of a live login
 * (RFC 6750 §2.1; the header only, never the body), and a fresh one where the route says so, all
 * before the handler reads anything.
 */
@Injectable()
export class AccountLoginGuard implements CanActivate {
  constructor(
    private readonly logins: AccountLogins,
    private readonly freshLogins: FreshLogins,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<WithLogin>();
    const orChallenge = this.reflector.getAllAndOverride<boolean>(OR_SIGN_IN_CHALLENGE, [context.getHandler(), context.getClass()]);
    const { authorization } = request.headers;
    // No token at all, or the client's HTTP Basic credentials: a sign-in's challenge, not an account's login.
    if (orChallenge && (authorization === undefined || authorizationScheme(authorization) === 'basic')) return true;
    const login = await this.logins.authenticate(presentedAccessToken(request, bearerToken(request.headers.authorization)), request.headers.origin);
    if (this.reflector.getAllAndOverride<boolean>(FRESH_LOGIN, [context.getHandler(), context.getClass()])) await this.freshLogins.require(login);
    request.accountLogin = login;
    return true;
  }
}

/** Account answers carry what must not be cached (secrets, codes, the account): RFC 9111 §5.2.2.5, and Pragma for HTTP/1.0 caches as token answers do. */
export const NoStore = (): MethodDecorator => applyDecorators(Header('Cache-Control', 'no-store'), Header('Pragma', 'no-cache'));
