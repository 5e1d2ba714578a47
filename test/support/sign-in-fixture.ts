import type { AccountEntity, AuthServiceEntity, ClientEntity, EnvironmentEntity, IdentityEntity } from '@rapidauth/database';
import type { AppClient, AuthorizationRequest } from '@rapidauth/oauth';
import type { DataSource, EntityManager } from 'typeorm';
import { AuthorizationCodes } from '../../libs/oauth/src/authorization/authorization-codes';
import { BrowserSessions } from '../../libs/oauth/src/authorization/browser-sessions';
import { RefreshTokens } from '../../libs/oauth/src/refresh/refresh-tokens';
import { createFixtureGraph } from './fixture-graph';

/** Who signs in where, by id: the fixture graph's environment, account, identity, `local` service and client. */
export interface SignInIds {
  readonly environmentId: string;
  readonly accountId: string;
  readonly identityId: string;
  readonly serviceId: string;
  readonly clientId: string;
}

/** Saves a fixture graph and names the rows a sign-in goes through. */
export async function createSignInFixture(manager: EntityManager): Promise<SignInIds> {
  const graph = await createFixtureGraph(manager);
  return {
    environmentId: (graph.EnvironmentEntity as EnvironmentEntity).id,
    accountId: (graph.AccountEntity as AccountEntity).id,
    identityId: (graph.IdentityEntity as IdentityEntity).id,
    serviceId: (graph.AuthServiceEntity as AuthServiceEntity).id,
    clientId: (graph.ClientEntity as ClientEntity).clientId,
  };
}

/** An authorization request of the fixture's client, PKCE S256 with the challenge of RFC 7636 appendix B. */
export function authorizationRequest(clientId: string, scope: string[]): AuthorizationRequest {
  return {
    clientId,
    redirectUri: 'https://app.example/cb',
    scope,
    state: 's',
    nonce: 'n',
    codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    prompt: [],
    maxAge: undefined,
  };
}

/** The fixture's client as the token endpoint sees it: its grant types, refresh tokens allowed for an hour. */
export function appClient(ids: Pick<SignInIds, 'environmentId' | 'clientId' | 'serviceId'>, grantTypes: string[]): AppClient {
  return {
    environmentId: ids.environmentId,
    clientId: ids.clientId,
    grantTypes,
    service: { id: ids.serviceId, settings: { refreshTokenTtl: 3600, allowRefreshTokens: true, grantTtl: 60 } },
  } as unknown as AppClient;
}

/** The code flow's stores on `dataSource`: browser sessions, authorization codes, refresh tokens (neither signing, revocation nor the token vault wired: the suites do not reach them). */
export function codeFlowStores(dataSource: DataSource) {
  return {
    sessions: new BrowserSessions(dataSource),
    codes: new AuthorizationCodes(dataSource, undefined as never),
    refreshTokens: new RefreshTokens(dataSource, undefined as never, undefined as never),
  };
}
