import { Injectable } from '@nestjs/common';
import { SigningKeyEntity, type SigningAlg } from '@rapidauth/database';
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
}
