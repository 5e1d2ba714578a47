import { Injectable } from '@nestjs/common';
import { ReplayTable } from '@rapidauth/database';
import { DataSource } from 'typeorm';

/** `saml_assertion_replay`: the SAML assertion IDs (SAML 2.0 Profiles §4.1.4.5) and exchanged ID tokens' `jti`s each service accepted. */
@Injectable()
export class AssertionReplays extends ReplayTable {
  constructor(dataSource: DataSource) {
    super(dataSource, { table: 'saml_assertion_replay', scopeColumn: 'service_id', idColumn: 'assertion_id' });
  }
}
