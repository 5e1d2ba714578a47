import { Injectable } from '@nestjs/common';
import { deleteExpiredBatch, SigningKeyEntity, type SigningAlg } from '@rapidauth/database';
import { DataSource, EntityManager, IsNull, MoreThan } from 'typeorm';

/** Storage of signing keys; the private part arrives and leaves sealed by the vault. */
@Injectable()
export class SigningKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Keys that belong in JWKS at `now`: not yet retired. */
  findPublished(now: Date): Promise<SigningKeyEntity[]> {
    return this.dataSource.manager.find(SigningKeyEntity, {
      where: [{ retiresAt: IsNull() }, { retiresAt: MoreThan(now) }],
      order: { activatesAt: 'ASC' },
    });
  }

  /** Runs `work` with key creation serialised across instances (a table lock, held to commit). */
  exclusively<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('LOCK TABLE "signing_key" IN SHARE ROW EXCLUSIVE MODE');
      return work(manager);
    });
  }

  findCurrent(manager: EntityManager, alg: SigningAlg): Promise<SigningKeyEntity[]> {
    return manager.find(SigningKeyEntity, { where: { alg, deactivatedAt: IsNull() }, order: { activatesAt: 'DESC' } });
  }

  /**
   * Deletes one batch of keys retired over a day before `now` (out of JWKS since, and every token
   * they signed long expired); returns how many. Few rows: no index.
   */
  deleteExpired(now: Date, batchSize: number): Promise<number> {
    return deleteExpiredBatch(
      this.dataSource,
      { table: 'signing_key', where: '"retires_at" < $1', orderBy: '"retires_at"', params: [new Date(now.getTime() - RETIRED_KEPT_MS)] },
      batchSize,
    );
  }
}

const RETIRED_KEPT_MS = 86_400_000;
