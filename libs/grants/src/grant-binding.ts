import { isUUID } from 'class-validator';
import { Injectable } from '@nestjs/common';
import type { EnvironmentEntity } from '@rapidauth/database';
import { AuthenticationGrantRepository } from './authentication-grant.repository';
import { GrantError } from './grants.errors';


export interface ResolvedBinding {
  readonly environment: EnvironmentEntity;
  /** The `client_id` the grant is bound to. */
  readonly clientId: string;
  readonly registeredClientId: string | null;
}

/**
 * What a grant binds, checked when it is created: the principal's domain is an environment, the
 * principal one of its accounts, and the client that environment's own (appKey) or one registered in
 * it. Tokens of a grant login carry the client's environment, so a client of any other
 * environment could only mint tokens whose `sub` lives elsewhere.
 */
@Injectable()
export class GrantBinding {
  constructor(private readonly repository: AuthenticationGrantRepository) {}

  /** The environment named as the principal's domain. */
  async domain(principalDomainId: string): Promise<EnvironmentEntity> {
    const environment = isUUID(principalDomainId) ? await this.repository.findEnvironment(principalDomainId) : null;
    if (!environment) throw new GrantError('UNKNOWN_PRINCIPAL_DOMAIN', 'principalDomainId must be an environment of this platform', 'principalDomainId');
    return environment;
  }

  async resolve(input: { principalDomainId: string; principalId: string; clientId: string }): Promise<ResolvedBinding> {
    const environment = await this.domain(input.principalDomainId);
    const account = isUUID(input.principalId) ? await this.repository.findAccount(environment.id, input.principalId) : null;
    if (!account) throw new GrantError('UNKNOWN_PRINCIPAL', "principalId must be the uid of an account of the principal's domain", 'principalId');
    if (input.clientId === environment.appKey) return { environment, clientId: environment.appKey, registeredClientId: null };
    const client = await this.repository.findRegisteredClient(environment.id, input.clientId, isUUID(input.clientId));
    if (!client) {
      throw new GrantError('CLIENT_OUTSIDE_DOMAIN', "clientId must be the principal's environment's appKey or a client registered in it", 'clientId');
    }
    return { environment, clientId: client.clientId, registeredClientId: client.id };
  }
}
