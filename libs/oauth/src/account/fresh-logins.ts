import { Injectable } from '@nestjs/common';
import { IdentityMethods } from '@rapidauth/identity';
import { InsufficientUserAuthenticationError } from '../errors';
import type { AccountLogin } from './account-login';

/**
 * Sensitive account operations need a fresh login (docs/gateway.md#fresh-login): the token's
 * `auth_time` within the environment's `freshLoginSeconds`, on this gateway's clock and without
 * the clock skew other checks allow; else RFC 9470 §3 `insufficient_user_authentication`
 * (TOKEN_TOO_OLD) with `max_age`, before anything is changed.
 */
@Injectable()
export class FreshLogins {
  constructor(private readonly methods: IdentityMethods) {}

  async require(login: Pick<AccountLogin, 'environmentId' | 'authTime'>, now = new Date()): Promise<void> {
    const { freshLoginSeconds } = await this.methods.forEnvironment(login.environmentId);
    if (now.getTime() - login.authTime.getTime() > freshLoginSeconds * 1000) throw new InsufficientUserAuthenticationError(freshLoginSeconds);
  }
}
