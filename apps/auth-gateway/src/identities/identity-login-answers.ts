import { Injectable } from '@nestjs/common';
import { AccountIdentities, EMAIL_PROVIDER, IdentityMethods } from '@rapidauth/identity';
import { requestIdOf } from '@rapidauth/observability';
import { PHONE_PROVIDER, TokenEndpoint, type AppClient, type TokenResponse } from '@rapidauth/oauth';
import type { Request } from 'express';
import { DataSource } from 'typeorm';

/**
 * The auth state of the login (docs/gateway.md#the-auth-object): the identity used to log in, its
 * account, and when the access token expires (epoch seconds, like `createdAt`, the identity's creation).
 */
export interface AuthState {
  readonly provider: string;
  readonly providerUid: string;
  readonly uid: string;
  readonly createdAt: number;
  readonly expires: number;
  readonly displayName?: string;
  /** Email identities: the address and whether it is verified. */
  readonly email?: string;
  readonly emailVerified?: boolean;
  /** A phone login's number, in E.164 (its providerUid). */
  readonly phoneNumber?: string;
}

export type IdentityLoginResponse = TokenResponse & { auth: AuthState };

/**
 * What every `/v3/auth/*` login shares: the token endpoint's steps with the endpoint's grant
 * (client checks, rate limits, the grant, minting), browser origins extended by the environment's
 * `authorizedOrigins`, and the RFC 6749 §5.1 answer with the `auth` object.
 */
@Injectable()
export class IdentityLoginAnswers {
  private readonly accounts: AccountIdentities;

  constructor(
    private readonly endpoint: TokenEndpoint,
    private readonly identityMethods: IdentityMethods,
    dataSource: DataSource,
  ) {
    this.accounts = new AccountIdentities(dataSource);
  }

  async login(request: Request, grantType: string, params: Record<string, unknown>, now = new Date()): Promise<IdentityLoginResponse> {
    const { response, subject } = await this.endpoint.serve(
      {
        authorization: request.headers.authorization,
        body: { ...params, grant_type: grantType },
        ip: request.ip ?? '',
        origin: request.headers.origin,
        requestId: requestIdOf(request),
        origins: (client) => this.authorizedOrigins(client),
        ...(request.headers.dpop !== undefined && { dpop: { proof: request.headers.dpop, method: request.method, path: request.path } }),
      },
      now,
    );
    if (subject.kind !== 'user' || !subject.identityId) throw new Error(`${grantType} issued tokens for no identity`);
    const state = await this.accounts.stateOf(subject.identityId);
    if (!state) throw new Error(`the identity of a ${grantType} login is gone`);
    return {
      ...response,
      auth: {
        provider: state.provider,
        providerUid: state.providerUid,
        uid: state.uid,
        createdAt: Math.floor(state.createdAt.getTime() / 1000),
        expires: Math.floor(now.getTime() / 1000) + response.expires_in,
        ...(state.displayName !== undefined && { displayName: state.displayName }),
        ...(state.provider === EMAIL_PROVIDER && { email: state.providerUid, emailVerified: state.emailVerified }),
        ...(state.provider === PHONE_PROVIDER && { phoneNumber: state.providerUid }),
      },
    };
  }

  /** The origins the client's environment allows at `/v3/auth/*` beside the client's own. */
  readonly origins = (client: AppClient): Promise<readonly string[]> => this.authorizedOrigins(client);

  private async authorizedOrigins(client: AppClient): Promise<readonly string[]> {
    return (await this.identityMethods.forEnvironment(client.environmentId)).authorizedOrigins;
  }
}
