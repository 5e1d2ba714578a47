import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { SealedColumn } from './sealed-columns';

export interface SealedRow {
  readonly id: string;
  readonly sealed: string;
}

/** The SQL of master-key rotation, over any sealed column (the descriptors name only our own tables). */
@Injectable()
export class SealedValuesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Up to `limit` rows sealed under one of `keyIds`, after `after` in id order, locked for this
   * transaction. Rows another rotation holds are skipped (SKIP LOCKED), so two instances rotating
   * at once share the work instead of waiting on each other.
   */
  lockBatch(manager: EntityManager, column: SealedColumn, keyIds: readonly string[], after: string | null, limit: number): Promise<SealedRow[]> {
    const id = `"${column.idColumn}"`;
    return manager.query(
      `SELECT ${id} AS "id", "${column.sealedColumn}" AS "sealed" FROM "${column.table}"
       WHERE ${keyIdOf(column)} = ANY($1::varchar[]) AND ($2::${column.idType} IS NULL OR ${id} > $2::${column.idType})
       ORDER BY ${id} LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [keyIds, after, limit],
    );
  }

  async replace(manager: EntityManager, column: SealedColumn, id: string, sealed: string, keyId: string): Promise<void> {
    const keyIdSet = column.keyIdColumn ? `, "${column.keyIdColumn}" = $3` : '';
    await manager.query(`UPDATE "${column.table}" SET "${column.sealedColumn}" = $2${keyIdSet} WHERE "${column.idColumn}" = $1`, [
      id,
      sealed,
      ...(column.keyIdColumn ? [keyId] : []),
    ]);
  }

  /** How many values each master key seals in the column. */
  async countByKey(column: SealedColumn): Promise<Map<string, number>> {
    const rows: { key_id: string; n: number }[] = await this.dataSource.query(
      `SELECT ${keyIdOf(column)} AS "key_id", count(*)::int AS "n" FROM "${column.table}" WHERE "${column.sealedColumn}" IS NOT NULL GROUP BY 1`,
    );
    return new Map(rows.map((row) => [row.key_id, row.n]));
  }
}

/** The master key id of a row: its own column, or the sealed value's prefix (`v1.<keyId>.…`, see Vault). */
function keyIdOf(column: SealedColumn): string {
  return column.keyIdColumn ? `"${column.keyIdColumn}"` : `split_part("${column.sealedColumn}", '.', 2)`;
}
