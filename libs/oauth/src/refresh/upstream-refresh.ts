import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  ConnectorConfigError,
  ConnectorError,
  ConnectorRegistry,
  ServiceConnectors,
  type Connector,
  type RefreshConnector,
  type UpstreamIdentity,
} from '@rapidauth/connectors';
import { AuthServiceEntity } from '@rapidauth/database';
import { UpstreamIdentities } from '@rapidauth/identity';
import { TokenVault, VaultOpenError, type VaultTokens } from '@rapidauth/vault';
import { DataSource } from 'typeorm';
import type { AppClient } from '../clients/resolved-client';
import { InvalidGrantError, ServiceUnavailableError } from '../errors';
import { REVOKED_BY_UPSTREAM, RefreshTokens, type LoginFamily } from './refresh-tokens';

export interface UpstreamRefreshRequest {
  /** The family of the presented token, as the rotation read it (an `unconfirmed` rotation). */
  readonly family: LoginFamily;
  readonly client: AppClient;
  readonly ip: string;
  readonly now: Date;
}

/** What a confirmation needs of a login's family. */
export type UpstreamFamily = Pick<LoginFamily, 'id' | 'environmentId' | 'identityId' | 'authServiceId'>;

/**
 * How the background validation's confirmation of one login ended: new tokens kept, confirmed
 * with nothing new, revoked, left for the next run (upstream unavailable), or skipped (another
 * instance holds its lease, or has just refreshed it).
 */
export type BackgroundOutcome = 'refreshed' | 'confirmed' | 'revoked' | 'unavailable' | 'skipped';

/** The refresh lease's length, and how often a refresh waiting for another instance's looks again. */
export interface UpstreamLeaseTiming {
  readonly leaseSeconds: number;
  readonly pollMs: number;
}

export const UPSTREAM_LEASE_TIMING = Symbol('UPSTREAM_LEASE_TIMING');

/**
 * Longer than a connector's refresh can take (oidc asks up to three endpoints, 10 s each; the
 * custom adaptor's timeout is at most 30 s), so a live holder never loses its lease.
 */
const DEFAULT_LEASE_TIMING: UpstreamLeaseTiming = { leaseSeconds: 35, pollMs: 100 };

/** A login's upstream, ready to be asked. */
interface UpstreamLogin {
  readonly family: UpstreamFamily;
  readonly connector: Connector;
  readonly refresh: RefreshConnector;
  readonly providerUid: string;
}

/**
 * Before a refresh token of an upstream login is rotated, the upstream is asked whether the user
 * is still there (docs/gateway.md#upstream-refresh): gone or disabled revokes the family, an
 * upstream that cannot be asked spends nothing. It runs outside any transaction (the upstream may
 * take its timeout, and PGlite has one connection): the rotation reads the token with its family
 * and the family's service type, ends `unconfirmed` when `confirmsFirst` says so, and after the
 * confirmation judges the token again as usual. Local logins pay nothing for it.
 *
 * A login with upstream tokens is asked under its vault entry's lease, so that one instance at a
 * time uses the upstream refresh token: a second refresh waits for the first to finish, then goes
 * on with the tokens it wrote (which the connector usually finds fresh, asking nothing). The
 * background validation (UpstreamValidation) asks through confirmInBackground, the same way.
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
    @Optional() @Inject(UPSTREAM_LEASE_TIMING) private readonly timing: UpstreamLeaseTiming = DEFAULT_LEASE_TIMING,
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
   * The gateway refresh's confirmation. When another instance holds the lease it waits, at most a
   * lease's length, for it to end.
   * @throws InvalidGrantError UPSTREAM_REFRESH_FAILED, the family revoked
   * @throws ServiceUnavailableError UPSTREAM_UNAVAILABLE, nothing revoked or spent (also when the lease never ends)
   */
  async confirm({ family, client, ip, now }: UpstreamRefreshRequest): Promise<void> {
    const login = await this.loginOf(family, client);
    if (!login) return;
    const holder = await this.waitForLease(family.id);
    await this.ask(login, holder, { ip, now }, false);
  }

  /**
   * The background validation's confirmation of a login whose first token expires by `dueBy`: as
   * confirm, but the login is skipped when another instance holds its lease or its tokens are no
   * longer due (that instance has refreshed them), and an answer with nothing to refresh stops the
   * validation picking the entry until new tokens are written.
   */
  async confirmInBackground(family: UpstreamFamily, dueBy: Date, now: Date): Promise<BackgroundOutcome> {
    const holder = randomUUID();
    if ((await this.vault.takeLease(family.id, holder, this.timing.leaseSeconds, dueBy)) !== 'taken') return 'skipped';
    let login: UpstreamLogin | undefined;
    try {
      login = await this.loginOf(family);
    } catch (error) {
      await this.vault.releaseLease(family.id, holder);
      return backgroundOutcome(error);
    }
    if (!login) {
      await this.vault.releaseLease(family.id, holder, true);
      return 'confirmed';
    }
    try {
      return (await this.ask(login, holder, { ip: '', now }, true)) ? 'refreshed' : 'confirmed';
    } catch (error) {
      return backgroundOutcome(error);
    }
  }

  /** The login's connector and upstream user, when it has an upstream to ask. */
  private async loginOf(family: UpstreamFamily, client?: AppClient): Promise<UpstreamLogin | undefined> {
    if (!family.identityId || !family.authServiceId) return undefined;
    const service = await this.serviceOf(family.authServiceId, client);
    if (!service || !this.registry.signsInUpstream(service.type)) return undefined;
    const connector = await this.open(service);
    const refresh = connector?.refresh;
    if (!connector || !refresh) return undefined;
    const providerUid = await this.identities.providerUidOf(family.identityId, service.id);
    return providerUid ? { family, connector, refresh, providerUid } : undefined;
  }

  /**
   * The family's lease (its holder id), once nobody else holds it; undefined when the family has no
   * vault entry (nothing to lease: a directory login without tokens).
   */
  private async waitForLease(familyId: string): Promise<string | undefined> {
    const holder = randomUUID();
    // A lease taken just before this wait began lapses within a lease's length of it.
    const deadline = Date.now() + this.timing.leaseSeconds * 1000 + this.timing.pollMs;
    for (;;) {
      const attempt = await this.vault.takeLease(familyId, holder, this.timing.leaseSeconds);
      if (attempt === 'taken') return holder;
      if (attempt === 'none') return undefined;
      if (Date.now() >= deadline) {
        throw new ServiceUnavailableError({ code: 'UPSTREAM_UNAVAILABLE', detail: 'upstream refresh lease held by another instance' });
      }
      await sleep(this.timing.pollMs);
    }
  }

  /**
   * Asks the upstream with the stored tokens (read under the lease, so they are the last holder's)
   * and records its answer. The lease ends with the new tokens written, or here otherwise; the
   * revocation of a refused login deletes the entry, lease and all.
   * @returns whether new tokens were written
   */
  private async ask(login: UpstreamLogin, holder: string | undefined, from: { ip: string; now: Date }, answeredClearsDue: boolean): Promise<boolean> {
    const { family } = login;
    let written = false;
    let answered = false;
    try {
      const tokens = await this.storedTokens(family.id);
      let upstream: UpstreamIdentity | null;
      try {
        upstream = await login.refresh.refresh({ providerUid: login.providerUid, ...(tokens ? { tokens } : {}) }, { environmentId: family.environmentId, ...from });
      } catch (error) {
        throw await this.refused(error, family, from.now);
      }
      answered = true;
      if (upstream) written = await this.record(family, login.connector, upstream);
      return written;
    } finally {
      if (holder && !written) await this.vault.releaseLease(family.id, holder, answered && answeredClearsDue);
    }
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

  private async serviceOf(serviceId: string, client?: AppClient): Promise<AuthServiceEntity | null> {
    if (client?.service.id === serviceId) return client.service.stored;
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
  private async refused(error: unknown, family: UpstreamFamily, now: Date): Promise<unknown> {
    if (!(error instanceof ConnectorError)) return error;
    if (error.code === 'UPSTREAM_UNAVAILABLE') return unavailable(error);
    await this.refreshTokens.revokeFamily(family.id, REVOKED_BY_UPSTREAM, now);
    return new InvalidGrantError('the upstream no longer accepts this login; sign in again', { code: 'UPSTREAM_REFRESH_FAILED', detail: error.detail });
  }

  /**
   * The upstream's view of the user replaces the identity's profile, and its tokens the vault's.
   * @returns whether tokens were written
   */
  private async record(family: UpstreamFamily, connector: Connector, upstream: UpstreamIdentity): Promise<boolean> {
    const allowed = connector.service.config.allowedAttributes;
    await this.identities.refreshProfile(family.identityId!, connector.service.id, upstream, Array.isArray(allowed) ? allowed : []);
    if (!upstream.tokens || Object.keys(upstream.tokens).length === 0) return false;
    await this.vault.putForFamily(this.dataSource.manager, family.id, upstream.tokens);
    return true;
  }
}

/** A confirmation's refusal as the validation counts it; anything else is not the upstream's answer and is thrown. */
function backgroundOutcome(error: unknown): BackgroundOutcome {
  if (error instanceof InvalidGrantError) return 'revoked';
  if (error instanceof ServiceUnavailableError) return 'unavailable';
  throw error;
}

function unavailable(error: ConnectorError): ServiceUnavailableError {
  return new ServiceUnavailableError({ code: 'UPSTREAM_UNAVAILABLE', retryAfterSeconds: error.retryAfterSeconds, detail: error.detail });
}
