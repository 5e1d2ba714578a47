import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthenticationGrantEntity, type EnvironmentEntity } from '@rapidauth/database';
import { RefreshTokens, RevocationRepository, Revocations, TOKEN_ACCEPTANCE_SECONDS } from '@rapidauth/oauth';
import { SecretHasher } from '@rapidauth/vault';
import { DataSource, EntityManager } from 'typeorm';
import { AuthenticationGrantRepository, type GrantPage, type GrantVisibility } from './authentication-grant.repository';
import { GrantBinding } from './grant-binding';
import { readFilter, readSort } from './grant-list';
import { GrantError } from './grants.errors';

/** The verifier accepts a token this long after its `iat` at most; revocations must outlast that. */
const TOKEN_LIFETIME_MS = TOKEN_ACCEPTANCE_SECONDS * 1000;
const READ_ONLY_FIELDS = ['key', 'secret'] as const;

export interface NewAuthenticationGrant {
  readonly principalDomainId: string;
  readonly principalId: string;
  /** The bound client: the environment's appKey, or a registered client's `client_id` or id. */
  readonly clientId: string;
  readonly title?: string | null;
  readonly description?: string | null;
  readonly enabled?: boolean;
  readonly allowOpenDriverAuthentication?: boolean;
  readonly createdBy?: string | null;
}

/** What an update may change; `key` and `secret` are accepted only to be refused by name. */
export interface AuthenticationGrantChanges {
  readonly title?: string | null;
  readonly description?: string | null;
  readonly enabled?: boolean;
  readonly allowOpenDriverAuthentication?: boolean;
  readonly key?: unknown;
  readonly secret?: unknown;
}

/** A grant with its secret, which exists in clear only in this answer (create and rotate). */
export interface GrantWithSecret {
  readonly grant: AuthenticationGrantEntity;
  readonly secret: string;
}

/** A change that ended the grant's logins, with how many. */
export interface RevokingChange {
  readonly grant: AuthenticationGrantEntity;
  readonly revokedLogins: number;
}

/**
 * Authentication grants: key/secret permission slips bound to one
 * principal and one client. Key and secret are generated; the secret is stored as a peppered HMAC.
 *
 * Revocation and re-enabling: every login through a grant is its own refresh-token family (`sid`
 * in its access tokens, `grantId` on the row). Disable and rotate revoke the grant's families —
 * the refresh tokens in the database, the access tokens through a family revocation entry that
 * reaches every instance — so enabling again revives none of them, while new logins start new
 * families that nothing revokes. A `grant` entry keyed by the grant id would also kill the logins
 * after re-enabling, so only delete, after which the id never logs in again, uses one.
 */
@Injectable()
export class AuthenticationGrants {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: AuthenticationGrantRepository,
    private readonly binding: GrantBinding,
    private readonly hasher: SecretHasher,
    private readonly refreshTokens: RefreshTokens,
    private readonly revocationEntries: RevocationRepository,
    private readonly revocations: Revocations,
  ) {}

  /**
   * The environment a grant would bind its principal in (UNKNOWN_PRINCIPAL_DOMAIN if none): what a
   * caller checks permissions on before `create` looks at the principal and client in it.
   */
  principalDomain(principalDomainId: string): Promise<EnvironmentEntity> {
    return this.binding.domain(principalDomainId);
  }

  async create(input: NewAuthenticationGrant): Promise<GrantWithSecret> {
    const { environment, clientId, registeredClientId } = await this.binding.resolve(input);
    const secret = SecretHasher.generate();
    const grant = await this.repository.insert({
      environmentId: environment.id,
      organizationId: environment.organizationId,
      principalId: input.principalId,
      clientId,
      registeredClientId,
      title: input.title ?? null,
      description: input.description ?? null,
      key: `ag_${randomBytes(32).toString('base64url')}`,
      secretHash: this.hasher.hash(secret),
      enabled: input.enabled ?? true,
      allowOpenDriverAuthentication: input.allowOpenDriverAuthentication ?? false,
      createdBy: input.createdBy ?? null,
    });
    return { grant, secret };
  }

  async get(id: string): Promise<AuthenticationGrantEntity> {
    const grant = await this.repository.findById(id);
    if (!grant) throw new GrantError('GRANT_NOT_FOUND', 'authentication grant not found');
    return grant;
  }

  /** A page of the visible grants matching `query`, in the order `sort` asks (see grant-list.ts). */
  list(visibility: GrantVisibility, options: { limit: number; skip: number; sort?: unknown; query?: unknown }): Promise<GrantPage> {
    return this.repository.list(visibility, readFilter(options.query), readSort(options.sort), options);
  }

  /** Title, description and the two flags; `enabled: false` disables (revoking), `true` enables. */
  async update(id: string, changes: AuthenticationGrantChanges): Promise<RevokingChange> {
    for (const field of READ_ONLY_FIELDS) {
      if (changes[field] !== undefined) throw new GrantError('READ_ONLY_FIELD', `${field} is read-only: create a new grant or rotate the secret`, field);
    }
    const { title, description, enabled, allowOpenDriverAuthentication } = changes;
    const settable = Object.fromEntries(
      Object.entries({ title, description, enabled, allowOpenDriverAuthentication }).filter(([, value]) => value !== undefined),
    );
    return this.change(id, enabled === false ? 'grant_disabled' : undefined, (grant) => Object.assign(grant, settable));
  }

  /** Refuses the grant from now on and revokes every login through it. */
  disable(id: string): Promise<RevokingChange> {
    return this.change(id, 'grant_disabled', (grant) => Object.assign(grant, { enabled: false }));
  }

  /** New logins work again; the logins revoked when it was disabled stay revoked. */
  async enable(id: string): Promise<AuthenticationGrantEntity> {
    return (await this.change(id, undefined, (grant) => Object.assign(grant, { enabled: true }))).grant;
  }

  /** A new secret: the old one, and every login made with it, stop working at once. */
  async rotate(id: string): Promise<RevokingChange & GrantWithSecret> {
    const secret = SecretHasher.generate();
    const changed = await this.change(id, 'grant_secret_rotated', (grant) => Object.assign(grant, { secretHash: this.hasher.hash(secret) }));
    return { ...changed, secret };
  }

  /**
   * Deletes the grant and its logins (their refresh tokens go with the families, by cascade); one
   * `grant` revocation entry, recorded in the same transaction, ends its access tokens everywhere.
   */
  async delete(id: string, now = new Date()): Promise<RevokingChange> {
    const revocation = { kind: 'grant' as const, value: id, expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MS) };
    const result = await this.dataSource.transaction(async (manager) => {
      const grant = await this.locked(manager, id);
      const revokedLogins = (await this.repository.liveFamilyIds(manager, id, new Date(now.getTime() - TOKEN_LIFETIME_MS))).length;
      await this.revocationEntries.record(revocation, 'grant_deleted', manager);
      await manager.delete(AuthenticationGrantEntity, { id });
      return { grant, revokedLogins };
    });
    // Other instances hear the entry when the transaction commits; this one learns it directly.
    this.revocations.announce(revocation);
    return result;
  }

  /**
   * Applies a change under the grant's row lock; with a `revokeReason`, also revokes the grant's
   * live logins in the same transaction, so a login racing the change is either refused or revoked.
   */
  private async change(id: string, revokeReason: string | undefined, apply: (grant: AuthenticationGrantEntity) => void, now = new Date()) {
    return this.dataSource.transaction(async (manager) => {
      const grant = await this.locked(manager, id);
      apply(grant);
      const saved = await manager.save(grant);
      if (!revokeReason) return { grant: saved, revokedLogins: 0 };
      const families = await this.repository.liveFamilyIds(manager, id, new Date(now.getTime() - TOKEN_LIFETIME_MS));
      for (const familyId of families) await this.refreshTokens.revokeFamily(familyId, revokeReason, now, manager);
      return { grant: saved, revokedLogins: families.length };
    });
  }

  private async locked(manager: EntityManager, id: string): Promise<AuthenticationGrantEntity> {
    const grant = await this.repository.lock(manager, id);
    if (!grant) throw new GrantError('GRANT_NOT_FOUND', 'authentication grant not found');
    return grant;
  }
}
