import { Injectable } from '@nestjs/common';
import { ReplayTable } from '@rapidauth/database';
import { DataSource } from 'typeorm';

/** `custom_token_replay`: the `jti`s each environment accepted (RFC 7523 §3: a JWT is used once). */
@Injectable()
export class CustomTokenReplays extends ReplayTable {
  constructor(dataSource: DataSource) {
    super(dataSource, { table: 'custom_token_replay', scopeColumn: 'environment_id', idColumn: 'jti' });
  }
}
