import { Injectable } from '@nestjs/common';
import { ReplayTable } from '@rapidauth/database';
import { DataSource } from 'typeorm';

/** `dpop_proof_jti`: the proof `jti`s each key (`jkt`) used, shared by every instance (RFC 9449 §11.1). */
@Injectable()
export class DpopProofJtis extends ReplayTable {
  constructor(dataSource: DataSource) {
    super(dataSource, { table: 'dpop_proof_jti', scopeColumn: 'jkt', idColumn: 'jti' });
  }
}
