import { Injectable } from '@nestjs/common';
import { ConnectorConfigError, ConnectorError, ConnectorRegistry, ServiceConnectors, type Connector, type UpstreamIdentity } from '@rapidauth/connectors';
import { AuthServiceEntity } from '@rapidauth/database';
import { UpstreamIdentities } from '@rapidauth/identity';
import { TokenVault, VaultOpenError, type VaultTokens } from '@rapidauth/vault';
import { DataSource } from 'typeorm';
import type { AppClient } from '../clients/resolved-client';
import { InvalidGrantError, ServiceUnavailableError } from '../errors';
import { RefreshTokens, type LoginFamily } from './refresh-tokens';

export interface UpstreamRefreshRequest {
  /** The family of the presented token, as the rotation read it (an `unconfirmed` rotation). */
  readonly family: LoginFamily;
  readonly client: AppClient;
  readonly ip: string;
  readonly now: Date;
}

/**
 * Before a refresh token of an upstream login is rotated, the upstream is asked whether the user
 * is still there (docs/gateway.md#upstream-refresh): gone or disabled revokes the family, an
 * upstream that cannot be asked spends nothing. It runs outside any transaction (the upstream may
 * take its timeout, and PGlite has one connection): the rotation reads the token with its family
 * and the family's service type, ends `unconfirmed` when `confirmsFirst` says so, and after the
 * confirmation judges the token again as usual. Local logins pay nothing for it.
 */
@Injectable()
export class UpstreamRefresh {
  constructor(
    private readonly dataSource: DataSource,
    private readonly refreshTokens: RefreshTokens,
    private readonly registry: ConnectorRegistry,
    private readonly connectors: ServiceConnectors,
    private readonly identities: UpstreamIdentities,
    private readonly vault: TokenVault,
  ) {}

  /**
   * Whether a login must be confirmed before its refresh token is spent: a user's login through a
   * service that still exists and signs in upstream. The type is the service row's current one,
   * whether or not the environment still enables the service.
   */
  confirmsFirst(family: LoginFamily, serviceType: string | null): boolean {
    return family.identityId !== null && family.authServiceId !== null && serviceType !== null && this.registry.signsInUpstream(serviceType);
  }

  /**
   * @throws InvalidGrantError UPSTREAM_REFRESH_FAILED, the family revoked
   * @throws ServiceUnavailableError UPSTREAM_UNAVAILABLE, nothing revoked or spent
   */
  async confirm({ family, client, ip, now }: UpstreamRefreshRequest): Promise<void> {
    if (!family.identityId || !family.authServiceId) return;
    const service = await this.serviceOf(family.authServiceId, client);
    if (!service || !this.registry.signsInUpstream(service.type)) return;
    const connector = await this.open(service);
    const upstreamRefresh = connector?.refresh;
    if (!connector || !upstreamRefresh) return;
    const providerUid = await this.identities.providerUidOf(family.identityId, service.id);
    if (!providerUid) return;
    const tokens = await this.storedTokens(family.id);
    let upstream: UpstreamIdentity | null;
    try {
      upstream = await upstreamRefresh.refresh({ providerUid, ...(tokens ? { tokens } : {}) }, { environmentId: family.environmentId, ip, now });
    } catch (error) {
      throw await this.refused(error, family, now);
    }
    if (upstream) await this.record(family, connector, upstream);
  }

  /**
   * The family's upstream tokens. An entry that no longer opens (its master key retired too early,
   * docs/operations.md#rotating-the-vault-master-key) counts as none: the upstream is asked without
   * them and its answer replaces the entry, rather than the login failing on our side.
   */
  private async storedTokens(familyId: string): Promise<VaultTokens | undefined> {
    try {
      return await this.vault.get(familyId);
    } catch (error) {
      if (error instanceof VaultOpenError) return undefined;
      throw error;
    }
  }

  private async serviceOf(serviceId: string, client: AppClient): Promise<AuthServiceEntity | null> {
    if (client.service.id === serviceId) return client.service.stored;
    return this.dataSource.manager.findOneBy(AuthServiceEntity, { id: serviceId });
  }

  private async open(service: AuthServiceEntity): Promise<Connector | undefined> {
    try {
      return await this.connectors.open(service);
    } catch (error) {
      // A type without a connector signs nobody in, so it has no login to confirm.
      if (error instanceof ConnectorConfigError) return undefined;
      if (error instanceof ConnectorError) throw unavailable(error);
      throw error;
    }
  }

  /**
   * The upstream's answer as the token endpoint gives it. Only an upstream that could not be asked
   * leaves the family alone; any other refusal (UPSTREAM_REFRESH_FAILED, or a connector naming the
   * account disabled) ends the login.
   */
  private async refused(error: unknown, family: LoginFamily, now: Date): Promise<unknown> {
    if (!(error instanceof ConnectorError)) return error;
    if (error.code === 'UPSTREAM_UNAVAILABLE') return unavailable(error);
    await this.refreshTokens.revokeFamily(family.id, 'upstream_refresh_failed', now);
    return new InvalidGrantError('the upstream no longer accepts this login; sign in again', { code: 'UPSTREAM_REFRESH_FAILED', detail: error.detail });
  }

  /** The upstream's view of the user replaces the identity's profile, and its tokens the vault's. */
  private async record(family: LoginFamily, connector: Connector, upstream: UpstreamIdentity): Promise<void> {
    const allowed = connector.service.config.allowedAttributes;
    await this.identities.refreshProfile(family.identityId!, connector.service.id, upstream, Array.isArray(allowed) ? allowed : []);
    if (upstream.tokens && Object.keys(upstream.tokens).length > 0) await this.vault.putForFamily(this.dataSource.manager, family.id, upstream.tokens);
  }
}

function unavailable(error: ConnectorError): ServiceUnavailableError {
  return new ServiceUnavailableError({ code: 'UPSTREAM_UNAVAILABLE', retryAfterSeconds: error.retryAfterSeconds, detail: error.detail });
}
