import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Attribute, Change } from 'ldapts';
import type { Connector, UpstreamIdentity } from '@rapidauth/connectors';
import { ConnectorError } from '@rapidauth/connectors';
import { closeQuietly, connectDirectory } from '../../../libs/connectors/src/ldap/directory-connection';
import { directorySettings } from '../../../libs/connectors/src/ldap/directory-settings';
import { openLdap } from '../../../libs/connectors/src/ldap/open-ldap';
import { Slapd, SUFFIX } from '../../support/slapd';
import { CONTEXT, openedService, outcome } from './opened-service';

const SEED = readFileSync(join(__dirname, '../../support/ldap/directory.ldif'), 'utf8');
const READER = { bindDn: `cn=reader,${SUFFIX}`, bindPassword: 'reader-secret' };
const GROUPS = { groupSearchBase: `ou=groups,${SUFFIX}`, nestedGroupDepth: 5 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('ldap connector against slapd', () => {
  let slapd: Slapd;
  const opened: Connector[] = [];
  const connector = (config: Record<string, unknown> = {}) => {
    const made = openLdap(openedService('ldap', { providerUri: slapd.ldapUrl, baseDn: SUFFIX, ...READER, ...GROUPS, ...config }));
    opened.push(made);
    return made;
  };
  const login = (made: Connector, username: string, password: string) => outcome(made.formLogin!.login({ username, password }, CONTEXT));

  beforeAll(async () => {
    slapd = await Slapd.start({ seed: SEED });
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((made) => made.close()));
  });
  afterAll(async () => {
    await slapd?.destroy();
  });

  it('signs a user in: entryUUID as providerUid, attributes without the password, nested groups with the cycle broken', async () => {
    const identity = (await login(connector(), 'alice', 'alice-password')) as UpstreamIdentity;
    expect(identity.providerUid).toMatch(UUID);
    expect(identity).toMatchObject({ username: 'alice', email: 'alice@example.com', attributes: { cn: 'Alice Archer', sn: 'Archer', uid: 'alice' } });
    expect(identity.attributes.groups).toEqual(['developers', 'engineering', 'staff']);
    expect(Object.keys(identity.attributes).map((name) => name.toLowerCase())).not.toContain('userpassword');
    expect((await login(connector(), 'ALICE', 'alice-password')) as UpstreamIdentity).toMatchObject({ providerUid: identity.providerUid });
  });

  it('follows groups only to nestedGroupDepth, and reads none without a groupSearchBase', async () => {
    expect(((await login(connector({ nestedGroupDepth: 0 }), 'alice', 'alice-password')) as UpstreamIdentity).attributes.groups).toEqual(['developers']);
    expect(((await login(connector({ nestedGroupDepth: 1 }), 'alice', 'alice-password')) as UpstreamIdentity).attributes.groups).toEqual(['developers', 'engineering']);
    expect(((await login(connector({ groupSearchBase: undefined }), 'alice', 'alice-password')) as UpstreamIdentity).attributes).not.toHaveProperty('groups');
  });

  it('escapes a DN holding filter characters in the group search (RFC 4514 value, RFC 4515 filter)', async () => {
    const identity = (await login(connector(), 'o(dd)*one', 'odd-password')) as UpstreamIdentity;
    expect(identity.attributes.groups).toEqual(['developers', 'engineering', 'staff']);
  });

  it('refuses a wrong password, an unknown user and a name matching two entries as INVALID_CREDENTIALS', async () => {
    const made = connector();
    expect(await login(made, 'alice', 'not-her-password')).toBe('INVALID_CREDENTIALS');
    expect(await login(made, 'nobody', 'alice-password')).toBe('INVALID_CREDENTIALS');
    const before = slapd.bindCount(`uid=dana,ou=people,${SUFFIX}`);
    expect(await login(made, 'dana', 'dana-password')).toBe('INVALID_CREDENTIALS');
    expect(slapd.bindCount(`uid=dana,ou=people,${SUFFIX}`)).toBe(before);
  });

  it('refuses empty and whitespace-only passwords before any bind (RFC 4513 §5.1.2)', async () => {
    const made = connector({ poolSize: 0 });
    const before = slapd.bindCount();
    for (const password of ['', ' ', '\t\n ']) expect(await login(made, 'alice', password)).toBe('INVALID_CREDENTIALS');
    expect(slapd.bindCount()).toBe(before);
  });

  it.each([
    ['*', '*'],
    ['a filter breakout', '*)(uid=*))(|(uid=*'],
    ['an injected alternative', 'bob)(|(uid=alice'],
    ['a substring', 'al*'],
    ['a NUL', 'alice\u0000'],
    ['4 KiB', 'a'.repeat(4096)],
    ['empty', ''],
  ])('refuses the user name %s as INVALID_CREDENTIALS, whichever password', async (_, username) => {
      const made = connector();
      for (const password of ['alice-password', 'bob-password']) expect(await login(made, username, password)).toBe('INVALID_CREDENTIALS');
  });

  it('uses the configured filter, with {username} escaped wherever it appears', async () => {
    const made = connector({ userSearchFilter: '(&(objectClass=inetOrgPerson)(|(mail={username})(uid={username})))' });
    expect(await login(made, 'bob@example.com', 'bob-password')).toMatchObject({ username: 'bob' });
    expect(await login(made, '*@example.com', 'bob-password')).toBe('INVALID_CREDENTIALS');
  });

  it('searches anonymously without a bind DN', async () => {
    expect(await login(connector({ bindDn: undefined, bindPassword: undefined }), 'bob', 'bob-password')).toMatchObject({ username: 'bob', attributes: { groups: ['sales'] } });
  });

  it('reports a refused service account as UPSTREAM_UNAVAILABLE, with no secret in the error', async () => {
    const error = await connector({ bindPassword: 'wrong-reader-secret' }).formLogin!.login({ username: 'bob', password: 'bob-password' }, CONTEXT).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(JSON.stringify({ message: (error as Error).message, detail: (error as ConnectorError).detail })).not.toMatch(/wrong-reader-secret|bob-password/);
    expect((error as Error).message).not.toContain('127.0.0.1');
  });

  describe('TLS', () => {
    it('signs in over ldaps:// trusting the configured CA', async () => {
      expect(await login(connector({ providerUri: slapd.ldapsUrl, caCertificate: slapd.certificates.ca }), 'bob', 'bob-password')).toMatchObject({ username: 'bob' });
    });

    it('signs in over ldap:// upgraded by StartTLS', async () => {
      expect(await login(connector({ startTls: true, caCertificate: slapd.certificates.ca }), 'bob', 'bob-password')).toMatchObject({ username: 'bob' });
    });

    it('never reconnects a dropped connection by itself (it would be anonymous, and in clear where StartTLS was used)', async () => {
      const settings = directorySettings(openedService('ldap', { providerUri: slapd.ldapUrl, baseDn: SUFFIX }));
      const client = await connectDirectory(settings);
      try {
        await client.bind(READER.bindDn, READER.bindPassword);
        await slapd.stop();
        await slapd.resume();
        await expect(client.search(SUFFIX, { filter: '(uid=bob)' })).rejects.toThrow('the directory connection was closed');
      } finally {
        await closeQuietly(client);
      }
    });

    it('replaces pooled StartTLS connections at once after a restart, without waiting for a timeout', async () => {
      const made = connector({ startTls: true, caCertificate: slapd.certificates.ca, poolSize: 4 });
      await Promise.all([login(made, 'alice', 'alice-password'), login(made, 'bob', 'bob-password')]);
      await slapd.stop();
      await slapd.resume();
      const started = Date.now();
      expect(await login(made, 'bob', 'bob-password')).toMatchObject({ username: 'bob' });
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it.each([
      ['ldaps:// with another CA', () => ({ providerUri: slapd.ldapsUrl, caCertificate: slapd.certificates.wrongCa })],
      ['ldaps:// with only the system CAs', () => ({ providerUri: slapd.ldapsUrl })],
      ['StartTLS with another CA', () => ({ startTls: true, caCertificate: slapd.certificates.wrongCa })],
    ])('refuses %s as UPSTREAM_UNAVAILABLE, sending no bind', async (_, config) => {
      const before = slapd.bindCount();
      for (const poolSize of [0, 4]) expect(await login(connector({ ...config(), poolSize }), 'bob', 'bob-password')).toBe('UPSTREAM_UNAVAILABLE');
      expect(slapd.bindCount()).toBe(before);
    });
  });

  describe('refresh', () => {
    it('re-reads the entry by its entryUUID, groups included, and fails once the entry is removed', async () => {
      const made = connector();
      const identity = (await login(made, 'carol', 'carol-password')) as UpstreamIdentity;
      const member = new Attribute({ type: 'member', values: [`uid=carol,ou=people,${SUFFIX}`] });
      await slapd.asRoot((client) => client.modify(`cn=sales,ou=groups,${SUFFIX}`, new Change({ operation: 'add', modification: member })));
      expect(await outcome(made.refresh!.refresh({ providerUid: identity.providerUid }, CONTEXT))).toMatchObject({
        providerUid: identity.providerUid,
        attributes: { groups: ['sales'] },
      });
      await slapd.asRoot((client) => client.del(`uid=carol,ou=people,${SUFFIX}`));
      expect(await outcome(made.refresh!.refresh({ providerUid: identity.providerUid }, CONTEXT))).toBe('UPSTREAM_REFRESH_FAILED');
      expect(await outcome(made.refresh!.refresh({ providerUid: 'not-a-uuid)(uid=*' }, CONTEXT))).toBe('UPSTREAM_REFRESH_FAILED');
    });
  });

  describe('connection test', () => {
    it('checks connect, tls, bind, search and a probe login, with no secret in any detail', async () => {
      const checks = await connector({ startTls: true, caCertificate: slapd.certificates.ca }).tester!.test({ username: 'alice', password: 'alice-password' });
      expect(checks.map(({ name, ok }) => [name, ok])).toEqual([
        ['connect', true],
        ['tls', true],
        ['bind', true],
        ['search', true],
        ['probe', true],
      ]);
      expect(checks[1].detail).toMatch(/subject localhost; expires .*; trusted/);
      expect(checks[4].detail).toContain('developers');
      for (const check of checks) {
        expect(check.ms).toBeGreaterThanOrEqual(0);
        expect(check.detail).not.toMatch(/reader-secret|alice-password/);
      }
    });

    it('stops at the first failing check: an untrusted certificate, a refused bind, a missing base DN, a failed probe', async () => {
      const failing = async (config: Record<string, unknown>, probe?: { username: string; password: string }) => {
        const checks = await connector(config).tester!.test(probe);
        return checks.map(({ name, ok }) => `${name}:${ok}`).join(' ');
      };
      expect(await failing({ providerUri: slapd.ldapsUrl, caCertificate: slapd.certificates.wrongCa })).toBe('connect:true tls:false');
      expect(await failing({ bindPassword: 'nope' })).toBe('connect:true tls:true bind:false');
      expect(await failing({ baseDn: `ou=missing,${SUFFIX}` })).toBe('connect:true tls:true bind:true search:false');
      expect(await failing({}, { username: 'alice', password: 'wrong' })).toBe('connect:true tls:true bind:true search:true probe:false');
    });

    it('fails connect when nothing listens', async () => {
      const checks = await connector({ providerUri: 'ldap://127.0.0.1:1' }).tester!.test();
      expect(checks).toEqual([expect.objectContaining({ name: 'connect', ok: false })]);
    });
  });

  it('keeps service connections bound between logins with a pool, and opens one per use without', async () => {
    const serviceBinds = async (poolSize: number) => {
      const made = connector({ poolSize });
      const before = slapd.bindCount(READER.bindDn);
      for (let round = 0; round < 3; round += 1) {
        await Promise.all([login(made, 'alice', 'alice-password'), login(made, 'bob', 'bob-password')]);
      }
      return slapd.bindCount(READER.bindDn) - before;
    };
    expect(await serviceBinds(0)).toBe(12);
    const pooled = await serviceBinds(2);
    expect(pooled).toBeGreaterThanOrEqual(1);
    expect(pooled).toBeLessThanOrEqual(2);
  });

  describe.each([0, 4])('directory down, poolSize %i', (poolSize) => {
    afterEach(async () => {
      slapd.thaw();
      await slapd.resume();
    });

    it('answers UPSTREAM_UNAVAILABLE while slapd is stopped, and signs in again once it is back', async () => {
      const made = connector({ poolSize });
      expect(await login(made, 'bob', 'bob-password')).toMatchObject({ username: 'bob' });
      await slapd.stop();
      const started = Date.now();
      expect(await login(made, 'bob', 'bob-password')).toBe('UPSTREAM_UNAVAILABLE');
      expect(Date.now() - started).toBeLessThan(5000);
      await slapd.resume();
      expect(await login(made, 'bob', 'bob-password')).toMatchObject({ username: 'bob' });
      expect(await login(made, 'alice', 'alice-password')).toMatchObject({ username: 'alice' });
    });

    it('answers UPSTREAM_UNAVAILABLE within the timeouts when slapd hangs', async () => {
      const made = connector({ poolSize, connectTimeoutMs: 300, timeoutMs: 300 });
      expect(await login(made, 'bob', 'bob-password')).toMatchObject({ username: 'bob' });
      slapd.freeze();
      const started = Date.now();
      expect(await login(made, 'bob', 'bob-password')).toBe('UPSTREAM_UNAVAILABLE');
      // The 300 ms timeouts, not the 5 s defaults: a pooled try and a fresh one, with room for a loaded machine.
      expect(Date.now() - started).toBeLessThan(4000);
      slapd.thaw();
      expect(await login(made, 'bob', 'bob-password')).toMatchObject({ username: 'bob' });
    });
  });
});
