import { Injectable } from '@nestjs/common';
import type { SealedVaultEntry } from '@rapidauth/vault';
import { DataSource } from 'typeorm';

/** A data link as the proxy uses it, with what it needs of its environment and service. */
export interface ProxiedLink {
  readonly id: string;
  readonly backendUrl: string;
  readonly authServiceId: string;
  readonly timeoutMs: number;
  readonly organizationId: string;
  /** The service's stored `headerMappings` (validated when saved). */
  readonly headerMappings: unknown;
}

/** The login behind a token: its account's state, the profile of the identity it signed in with, and its sealed vault entry. */
export interface LinkedLogin {
  readonly accountDisabled: boolean;
  readonly profile: Readonly<Record<string, unknown>>;
  /** Read only when asked for, and still sealed: opened once every check passed (DataLinkProxy). */
  readonly vaultEntry: SealedVaultEntry | undefined;
}

/**
 * The unrevoked family $1 of account $2, its identity's profile, and (with the vault join) its
 * vault entry, one statement: the login check and the vault read of a request in one round trip.
 */
const loginSql = (withVault: boolean) =>
  `SELECT "account"."disabled", "identity"."profile"${withVault ? ', "vault_entry"."id" AS "vault_entry_id", "vault_entry"."wrapped_key", "vault_entry"."ciphertext"' : ''}
   FROM "refresh_token_family"
   JOIN "account" ON "account"."id" = "refresh_token_family"."account_id"
   LEFT JOIN "identity" ON "identity"."id" = "refresh_token_family"."identity_id"
   ${withVault ? 'LEFT JOIN "vault_entry" ON "vault_entry"."family_id" = "refresh_token_family"."id"' : ''}
   WHERE "refresh_token_family"."id" = $1 AND "refresh_token_family"."account_id" = $2 AND "refresh_token_family"."revoked_at" IS NULL`;
const LOGIN_SQL = loginSql(false);
const LOGIN_WITH_VAULT_SQL = loginSql(true);

/** The proxy's reads, one plain statement each (the hot path of every proxied request: no query builder). */
@Injectable()
export class DataLinksRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findEnabled(environmentId: string, name: string): Promise<ProxiedLink | undefined> {
    const [row]: LinkRow[] = await this.dataSource.query(
      `SELECT "data_link"."id", "data_link"."backend_url", "data_link"."auth_service_id", "data_link"."timeout_ms",
              "environment"."organization_id", "auth_service"."config" -> 'headerMappings' AS "header_mappings"
       FROM "data_link"
       JOIN "environment" ON "environment"."id" = "data_link"."environment_id"
       JOIN "auth_service" ON "auth_service"."id" = "data_link"."auth_service_id"
       WHERE "data_link"."environment_id" = $1 AND "data_link"."name" = $2 AND "data_link"."enabled"`,
      [environmentId, name],
    );
    if (!row) return undefined;
    return {
      id: row.id,
      backendUrl: row.backend_url,
      authServiceId: row.auth_service_id,
      timeoutMs: row.timeout_ms,
      organizationId: row.organization_id,
      headerMappings: row.header_mappings,
    };
  }

  /**
   * The unrevoked family `familyId` of account `accountId`, or undefined (revoked, gone, or not the
   * token's account); `withVault`: with the family's vault entry, when it has one.
   */
  async findLogin(familyId: string, accountId: string, withVault: boolean): Promise<LinkedLogin | undefined> {
    const [row]: LoginRow[] = await this.dataSource.query(withVault ? LOGIN_WITH_VAULT_SQL : LOGIN_SQL, [familyId, accountId]);
    if (!row) return undefined;
    const vaultEntry = row.vault_entry_id ? { id: row.vault_entry_id, wrappedKey: row.wrapped_key!, ciphertext: row.ciphertext! } : undefined;
    return { accountDisabled: row.disabled, profile: row.profile ?? {}, vaultEntry };
  }
}

interface LinkRow {
  id: string;
  backend_url: string;
  auth_service_id: string;
  timeout_ms: number;
  organization_id: string;
  header_mappings: unknown;
}

interface LoginRow {
  disabled: boolean;
  profile: Record<string, unknown> | null;
  vault_entry_id?: string | null;
  wrapped_key?: string | null;
  ciphertext?: string | null;
}
