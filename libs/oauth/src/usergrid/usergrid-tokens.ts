import { Inject, Injectable } from '@nestjs/common';
import { METRICS, type Metrics } from '@rapidauth/observability';
import { AccountEntity, AppEntity, EnvironmentEntity, IdentityEntity, OrganizationEntity } from '@rapidauth/database';
import { DataSource } from 'typeorm';
import { ClientAuthenticator } from '../clients/client-authenticator';
import { ClientResolver } from '../clients/client-resolver';
import type { AppClient } from '../clients/resolved-client';
import { InvalidClientError, InvalidRequestError, UnauthorizedClientError, UnsupportedGrantTypeError } from '../errors';
import { TokenEndpoint, type TokenResponse } from '../token-endpoint/token-endpoint';
import { countTokenRequest } from '../token-endpoint/token-request-metrics';

/** The application a Usergrid URL names: `/:org/:app` → the app's default environment. */
interface UsergridApplication {
  readonly organization: OrganizationEntity;
  readonly app: AppEntity;
  readonly environment: EnvironmentEntity;
}

/** Usergrid application user level: the user's ids and names, never secrets or hashes. */
export interface UsergridUser {
  uuid: string;
  type: 'user';
  username: string | null;
  email: string | null;
}

/** Usergrid application client level: which application the token is for. */
export interface UsergridApplicationView {
  uuid: string;
  name: string;
  organization: { uuid: string; name: string };
  environment: { uuid: string; name: string };
}

export type UsergridTokenResponse = TokenResponse & ({ user: UsergridUser } | { application: UsergridApplicationView });

const UNKNOWN_APPLICATION = () => new InvalidRequestError('no such organization or application', { code: 'UNKNOWN_APPLICATION' });

/**
 * POST /:org/:app/token, the Usergrid application levels: `password` signs an application user
 * in through the app's default environment, acting as its appKey client; `client_credentials` is
 * the application client (the appKey/appSecret or a confidential client registered in that
 * environment). Both run the token endpoint's own grants, so its rules, limits, audit and metrics apply.
 */
@Injectable()
export class UsergridTokens {
  constructor(
    private readonly dataSource: DataSource,
    private readonly endpoint: TokenEndpoint,
    private readonly resolver: ClientResolver,
    private readonly authenticator: ClientAuthenticator,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  issue(names: { organization: string; app: string }, params: Record<string, string>, request: { authorization?: string; ip: string }): Promise<UsergridTokenResponse> {
    return countTokenRequest(this.metrics, this.endpoint.grantTypeLabel(params.grant_type), () => this.answer(names, params, request));
  }

  private async answer(
    names: { organization: string; app: string },
    params: Record<string, string>,
    request: { authorization?: string; ip: string },
  ): Promise<UsergridTokenResponse> {
    const application = await this.application(names);
    if (params.grant_type === 'password') {
      if (!application.environment.usergridCompatibility) {
        throw new UnauthorizedClientError('Usergrid user sign-in is turned off for this application', { code: 'PROVIDER_DISABLED' });
      }
      const client = await this.resolver.resolveApp(application.environment.appKey);
      const { response, subject } = await this.endpoint.issue(client, { authenticated: false, params, ip: request.ip });
      if (subject.kind !== 'user') throw new Error('the password grant issued a client token');
      return { ...response, user: await this.user(subject.accountId, subject.identityId) };
    }
    if (params.grant_type === 'client_credentials') {
      const client = await this.applicationClient(application, params, request.authorization);
      const { response } = await this.endpoint.issue(client, { authenticated: true, params, ip: request.ip });
      return { ...response, application: view(application) };
    }
    if (!params.grant_type) throw new InvalidRequestError('missing parameter: grant_type', { code: 'MISSING_PARAMETER' });
    throw new UnsupportedGrantTypeError('Usergrid application tokens take grant_type password or client_credentials');
  }

  private async application(names: { organization: string; app: string }): Promise<UsergridApplication> {
    const organization = await this.dataSource.manager.findOneBy(OrganizationEntity, { name: names.organization.toLowerCase(), enabled: true });
    const app = organization && (await this.dataSource.manager.findOneBy(AppEntity, { organizationId: organization.id, name: names.app.toLowerCase() }));
    const environment = app?.defaultEnvironmentId && (await this.dataSource.manager.findOneBy(EnvironmentEntity, { id: app.defaultEnvironmentId }));
    if (!organization || !app || !environment) throw UNKNOWN_APPLICATION();
    return { organization, app, environment };
  }

  /** The client must authenticate and belong to the environment the URL names. */
  private async applicationClient(application: UsergridApplication, params: Record<string, string>, authorization?: string): Promise<AppClient> {
    const client = await this.authenticator.authenticate({ authorization, body: params });
    if (client.kind !== 'app' || client.environmentId !== application.environment.id) {
      throw new InvalidClientError('the client does not belong to this application', { detail: `${client.clientId} outside ${application.environment.id}` });
    }
    return client;
  }

  private async user(accountId: string, identityId: string | null): Promise<UsergridUser> {
    const account = await this.dataSource.manager.findOneByOrFail(AccountEntity, { id: accountId });
    const identity = identityId
      ? await this.dataSource.manager.findOneBy(IdentityEntity, { id: identityId })
      : await this.dataSource.manager.findOne(IdentityEntity, { where: { accountId }, order: { createdAt: 'ASC' } });
    return { uuid: account.id, type: 'user', username: identity?.usernameNormalized ?? null, email: identity?.emailNormalized ?? null };
  }
}

function view({ organization, app, environment }: UsergridApplication): UsergridApplicationView {
  return {
    uuid: app.id,
    name: app.name,
    organization: { uuid: organization.id, name: organization.name },
    environment: { uuid: environment.id, name: environment.name },
  };
}
