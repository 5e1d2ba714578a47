import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Attribute, Change } from 'ldapts';
import type { Connector, UpstreamIdentity } from '@rapidauth/connectors';
import { openActiveDirectory } from '../../../libs/connectors/src/active-directory/open-active-directory';
import { Slapd, SUFFIX } from '../../support/slapd';
import { within } from '../../support/two-instances';
import { CONTEXT, openedService, outcome } from './opened-service';

const SEED = readFileSync(join(__dirname, '../../support/ldap/active-directory.ldif'), 'utf8');
const READER = { bindDn: `cn=reader,${SUFFIX}`, bindPassword: 'reader-secret' };
const BOB_GUID = '00112233-4455-6677-8899-aabbccddeeff';
const BOB_DN = `cn=Bob Baker,ou=users,${SUFFIX}`;

describe('active-directory connector against slapd with an AD-like schema', () => {
  let slapd: Slapd;
  const opened: Connector[] = [];
  const connector = (config: Record<string, unknown> = {}) => {
    const made = openActiveDirectory(openedService('active-directory', { providerUri: slapd.ldapUrl, baseDn: SUFFIX, ...READER, ...config }));
    opened.push(made);
    return made;
  };
  const login = (made: Connector, username: string, password: string) => outcome(made.formLogin!.login({ username, password }, CONTEXT));

  beforeAll(async () => {
    slapd = await Slapd.start({ seed: SEED, activeDirectory: true });
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((made) => made.close()));
  });
  afterAll(async () => {
    await slapd?.destroy();
  });

  it('signs in with the logon name: objectGUID as the canonical GUID string, sAMAccountName as username', async () => {
    const identity = (await login(connector(), 'bob', 'bob-password')) as UpstreamIdentity;
    expect(identity).toMatchObject({ providerUid: BOB_GUID, username: 'bob', email: 'bob@corp.example.com', attributes: { groups: ['sales'] } });
    expect(Object.keys(identity.attributes).map((name) => name.toLowerCase())).not.toEqual(expect.arrayContaining(['objectguid', 'userpassword']));
  });

  it.each([['bob'], ['CORP\\bob'], ['bob@corp.example.com']])('accepts the form %j for the same user', async (username) => {
    expect(await login(connector(), username, 'bob-password')).toMatchObject({ providerUid: BOB_GUID, username: 'bob' });
  });

  it('with a domain, finds the user by logon name or UPN and binds as user@domain', async () => {
    // slapd, unlike AD, binds DNs only: it answers user@domain with invalidDNSyntax, a refusal.
    const made = connector({ domain: 'corp.example.com' });
    const results = () => slapd.log.match(/RESULT tag=97 err=34 /g)?.length ?? 0;
    const before = results();
    expect(await login(made, 'CORP\\bob', 'bob-password')).toBe('INVALID_CREDENTIALS');
    expect(slapd.log).toContain('filter="(&(objectClass=user)(|(sAMAccountName=bob)(userPrincipalName=bob@corp.example.com)))"');
    // slapd writes its log on its own time: the RESULT line may follow the answer by a moment.
    expect(await within(2000, async () => results() === before + 1)).toBe(true);
  });

  it('follows memberOf to nestedGroupDepth, each group once (sales and emea hold each other)', async () => {
    const groups = async (nestedGroupDepth: number) => ((await login(connector({ nestedGroupDepth }), 'bob', 'bob-password')) as UpstreamIdentity).attributes.groups;
    expect(await groups(0)).toEqual(['sales']);
    expect(await groups(1)).toEqual(['sales', 'emea']);
    expect(await groups(5)).toEqual(['sales', 'emea', 'everyone']);
  });

  it('refuses a disabled account (userAccountControl 0x2) once its password is right, and a wrong password before that', async () => {
    const made = connector();
    expect(await login(made, 'dee', 'dee-password')).toBe('ACCOUNT_DISABLED');
    expect(await login(made, 'dee', 'wrong')).toBe('INVALID_CREDENTIALS');
  });

  it.each([
    ['*', '*'],
    ['a filter breakout', '*)(sAMAccountName=*'],
    ['an injected alternative', 'bob)(|(sAMAccountName=carol'],
    ['a down-level wildcard', 'CORP\\*'],
    ['a UPN wildcard', '*@corp.example.com'],
    ['a NUL', 'bob\u0000'],
    ['4 KiB', 'b'.repeat(4096)],
  ])('refuses the user name %s, whichever password', async (_, username) => {
    for (const password of ['bob-password', 'carol-password']) expect(await login(connector(), username, password)).toBe('INVALID_CREDENTIALS');
  });

  it('refuses empty and whitespace-only passwords before any bind', async () => {
    const made = connector({ poolSize: 0 });
    const before = slapd.bindCount();
    for (const password of ['', '  ']) expect(await login(made, 'bob', password)).toBe('INVALID_CREDENTIALS');
    expect(slapd.bindCount()).toBe(before);
  });

  it('without a bind DN binds as the user first (no service bind), and has nothing to refresh', async () => {
    const made = connector({ bindDn: undefined, bindPassword: undefined, poolSize: 0 });
    const readerBinds = slapd.bindCount(READER.bindDn);
    expect(await login(made, 'bob', 'bob-password')).toBe('INVALID_CREDENTIALS');
    expect(await login(made, 'CORP\\bob', 'bob-password')).toBe('INVALID_CREDENTIALS');
    expect(slapd.bindCount(READER.bindDn)).toBe(readerBinds);
    expect(await outcome(made.refresh!.refresh({ providerUid: BOB_GUID }, CONTEXT))).toBeNull();
  });

  it('signs in over StartTLS and ldaps:// with the configured CA, and refuses another CA', async () => {
    const { ca, wrongCa } = slapd.certificates;
    expect(await login(connector({ startTls: true, caCertificate: ca }), 'bob', 'bob-password')).toMatchObject({ providerUid: BOB_GUID });
    expect(await login(connector({ providerUri: slapd.ldapsUrl, caCertificate: ca }), 'bob', 'bob-password')).toMatchObject({ providerUid: BOB_GUID });
    expect(await login(connector({ providerUri: slapd.ldapsUrl, caCertificate: wrongCa }), 'bob', 'bob-password')).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('refreshes by objectGUID (a binary filter value) and fails once the account is disabled or removed', async () => {
    const made = connector();
    const carol = (await login(made, 'carol', 'carol-password')) as UpstreamIdentity;
    expect(carol.providerUid).toBe('2a2a2a2a-2928-2828-293c-2a5c00000000');
    expect(await outcome(made.refresh!.refresh({ providerUid: carol.providerUid }, CONTEXT))).toMatchObject({ username: 'carol', attributes: { groups: ['emea'] } });
    expect(await outcome(made.refresh!.refresh({ providerUid: BOB_GUID }, CONTEXT))).toMatchObject({ username: 'bob' });
    const disable = new Change({ operation: 'replace', modification: new Attribute({ type: 'userAccountControl', values: ['514'] }) });
    await slapd.asRoot((client) => client.modify(BOB_DN, disable));
    try {
      expect(await outcome(made.refresh!.refresh({ providerUid: BOB_GUID }, CONTEXT))).toBe('UPSTREAM_REFRESH_FAILED');
    } finally {
      const enable = new Change({ operation: 'replace', modification: new Attribute({ type: 'userAccountControl', values: ['512'] }) });
      await slapd.asRoot((client) => client.modify(BOB_DN, enable));
    }
    await slapd.asRoot((client) => client.del(`cn=Carol Cole,ou=users,${SUFFIX}`));
    expect(await outcome(made.refresh!.refresh({ providerUid: carol.providerUid }, CONTEXT))).toBe('UPSTREAM_REFRESH_FAILED');
    expect(await outcome(made.refresh!.refresh({ providerUid: '*' }, CONTEXT))).toBe('UPSTREAM_REFRESH_FAILED');
  });

  it('answers UPSTREAM_UNAVAILABLE while the directory is down, and works again after it restarts', async () => {
    const made = connector();
    expect(await login(made, 'bob', 'bob-password')).toMatchObject({ username: 'bob' });
    await slapd.stop();
    try {
      expect(await login(made, 'bob', 'bob-password')).toBe('UPSTREAM_UNAVAILABLE');
    } finally {
      await slapd.resume();
    }
    expect(await login(made, 'bob', 'bob-password')).toMatchObject({ username: 'bob' });
  });

  it('tests the connection with a probe', async () => {
    const checks = await connector({ providerUri: slapd.ldapsUrl, caCertificate: slapd.certificates.ca }).tester!.test({ username: 'bob@corp.example.com', password: 'bob-password' });
    expect(checks.map(({ name, ok }) => `${name}:${ok}`)).toEqual(['connect:true', 'tls:true', 'bind:true', 'search:true', 'probe:true']);
    expect(checks.at(-1)!.detail).toBe('user found and bound; groups: sales');
  });
});
