import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The token vault's entries (one per login with upstream tokens). Each belongs to exactly one
 * owner: its authorization code until the exchange, then its token family; deleting either owner
 * deletes the entry.
 */
export class VaultEntries1796221136934 implements MigrationInterface {
  name = 'VaultEntries1796221136934';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "vault_entry" ("created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL, "family_id" uuid, "authorization_code_id" uuid, "master_key_id" character varying(32) NOT NULL, "wrapped_key" text NOT NULL, "ciphertext" text NOT NULL, "upstream_expires_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_vault_entry_owner" CHECK (num_nonnulls(family_id, authorization_code_id) = 1), CONSTRAINT "PK_3cd57e72c9c345e38d56e15a8bf" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_vault_entry_upstream_expires" ON "vault_entry" ("upstream_expires_at") WHERE upstream_expires_at IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "ix_vault_entry_master_key" ON "vault_entry" ("master_key_id", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_vault_entry_authorization_code" ON "vault_entry" ("authorization_code_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_vault_entry_family" ON "vault_entry" ("family_id") `);
    await queryRunner.query(`ALTER TABLE "vault_entry" ADD CONSTRAINT "fk_vault_entry_family" FOREIGN KEY ("family_id") REFERENCES "refresh_token_family"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "vault_entry" ADD CONSTRAINT "fk_vault_entry_authorization_code" FOREIGN KEY ("authorization_code_id") REFERENCES "authorization_code"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "vault_entry" DROP CONSTRAINT "fk_vault_entry_authorization_code"`);
    await queryRunner.query(`ALTER TABLE "vault_entry" DROP CONSTRAINT "fk_vault_entry_family"`);
    await queryRunner.query(`DROP INDEX "public"."uq_vault_entry_family"`);
    await queryRunner.query(`DROP INDEX "public"."uq_vault_entry_authorization_code"`);
    await queryRunner.query(`DROP INDEX "public"."ix_vault_entry_master_key"`);
    await queryRunner.query(`DROP INDEX "public"."ix_vault_entry_upstream_expires"`);
    await queryRunner.query(`DROP TABLE "vault_entry"`);
  }
}
