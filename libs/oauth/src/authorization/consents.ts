import { Injectable } from '@nestjs/common';
import { ConsentEntity } from '@rapidauth/database';
import { DataSource } from 'typeorm';

/** Scopes an account granted a non-first-party client; asked once per new scope. */
@Injectable()
export class Consents {
  constructor(private readonly dataSource: DataSource) {}

  async covers(accountId: string, clientId: string, scopes: readonly string[]): Promise<boolean> {
    const consent = await this.dataSource.manager.findOneBy(ConsentEntity, { accountId, clientId });
    return !!consent && scopes.every((scope) => consent.scopes.includes(scope));
  }

  async grant(accountId: string, clientId: string, scopes: readonly string[]): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "consent" ("account_id", "client_id", "scopes") VALUES ($1, $2, $3)
       ON CONFLICT ("account_id", "client_id") DO UPDATE
       SET "scopes" = ARRAY(SELECT DISTINCT unnest("consent"."scopes" || EXCLUDED."scopes")), "updated_at" = now()`,
      [accountId, clientId, [...scopes]],
    );
  }
}
