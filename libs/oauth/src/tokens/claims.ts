import type { AuthenticationMethod } from './login-claims';

/** Claims of our access tokens (RFC 9068 §2.2). */
export interface AccessTokenClaims {
  iss: string;
  /** `uid` for user tokens, the client id for client_credentials (RFC 9068 §2.2). */
  sub: string;
  aud: string;
  client_id: string;
  scope: string;
  jti: string;
  iat: number;
  exp: number;
  auth_time?: number;
  /** The token family (login); absent for client_credentials. */
  sid?: string;
  /** Auth service id. */
  svc?: string;
  /** Environment id. */
  env?: string;
  /** Organization id (management tokens of organization clients). */
  org?: string;
  /** Authentication grant id, when issued through one. */
  gid?: string;
  /** User tokens: the account (= `sub`), and who signed in and how (docs/gateway.md#login-claims). */
  uid?: string;
  provider?: string;
  providerUid?: string;
  /** RFC 8176 authentication method references. */
  amr?: AuthenticationMethod[];
  token_use: 'access' | 'management';
  /** RFC 9449 §6.1: the key a DPoP-bound token is bound to. */
  cnf?: { jkt: string };
}
