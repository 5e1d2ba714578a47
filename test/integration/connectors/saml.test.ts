import type { Database } from '@rapidauth/database';
import { openMigratedDatabase } from '../../support/migrated-database';
import { responseXml } from '../../support/saml-idp';
import { SamlHarness } from './saml-harness';

describe('SAML connector against a samlify IdP', () => {
  let database: Database;
  let saml: SamlHarness;

  beforeAll(async () => {
    database = await openMigratedDatabase('postgres');
    saml = await SamlHarness.on(database);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('signs in by the Redirect binding', async () => {
    const login = await saml.begin(saml.connector('saml-redirect'));
    const response = await saml.idp.respond(login.metadata, login.received, { nameId: 'alice@example.com', attributes: { groups: ['a', 'b'], givenName: 'Alice' } });
    console.log(responseXml(response));
    expect(await login.finish(response)).toEqual({});
  });
});
