import { randomUUID } from 'node:crypto';
import { AccountEntity, IdentityEntity, RefreshTokenFamilyEntity, type Database } from '@rapidauth/database';
import type { AccessTokenClaims, AccessTokenVerifier, ClientResolver, SharedServiceAcceptance } from '@rapidauth/oauth';
import { UserInfo } from '../../../libs/oauth/src/session/userinfo';
import { BACKENDS, openMigratedDatabase } from '../../support/migrated-database';
import { createSignInFixture, type SignInIds } from '../../support/sign-in-fixture';

/**
 * Userinfo answers for the identity the token's login signed in with (its family's identity), not
 * the account's latest login; an upstream identity's allowed attributes come with `profile`.
 */
describe.each(BACKENDS)('userinfo of the login identity (%s)', (_label, kind) => {
  let database: Database;
  let ids: SignInIds;
  let upstreamIdentityId: string;
  const upstreamServiceId = randomUUID();
  let claims: AccessTokenClaims;

  const userInfo = () =>
    new UserInfo({ verifyPresented: async () => claims } as unknown as AccessTokenVerifier, database.dataSource, {} as ClientResolver, {} as SharedServiceAcceptance);
  const familyOf = async (identityId: string | null) =>
    (
      await database.dataSource.manager.save(
        database.dataSource.manager.create(RefreshTokenFamilyEntity, {
          environmentId: ids.environmentId,
          clientId: ids.clientId,
          accountId: ids.accountId,
          identityId,
          authServiceId: identityId === upstreamIdentityId ? upstreamServiceId : ids.serviceId,
          scope: 'openid profile email',
          authTime: new Date(),
          absoluteExpiresAt: new Date(Date.now() + 3600_000),
        }),
      )
    ).id;
  const tokenOf = (sid: string, scope = 'openid profile email'): AccessTokenClaims => ({
    iss: 'https://id.example',
    sub: ids.accountId,
    aud: ids.clientId,
    client_id: ids.clientId,
    scope,
    jti: randomUUID(),
    iat: 0,
    exp: 0,
    sid,
    token_use: 'access',
  });

  const presented = { token: 'token', scheme: 'bearer' } as const;

  beforeAll(async () => {
    database = await openMigratedDatabase(kind);
    ids = await createSignInFixture(database.dataSource.manager);
    // The same account signed in later through a directory, whose service allows `groups`.
    const upstream = await database.dataSource.manager.save(
      database.dataSource.manager.create(IdentityEntity, {
        accountId: ids.accountId,
        environmentId: ids.environmentId,
        provider: upstreamServiceId,
        providerUid: 'entry-uuid-of-bob',
        usernameNormalized: 'bob.directory',
        emailNormalized: 'bob@corp.example',
        profile: { groups: ['engineering', 'vpn'], name: 'Bob Directory', sub: 'spoofed', iss: 'spoofed', phone_number: '+1 555', id: 'entry-uuid-of-bob', audience: upstreamServiceId },
        lastLoginAt: new Date(Date.now() + 60_000),
      }),
    );
    upstreamIdentityId = upstream.id;
  });

  afterAll(() => database?.close());

  it("answers for the family's local identity even when the account's latest login is another one", async () => {
    claims = tokenOf(await familyOf(ids.identityId));
    const answered = await userInfo().claims(presented);
    expect(answered).toMatchObject({ sub: ids.accountId, given_name: 'Alice', email_verified: true });
    expect(answered.preferred_username).not.toBe('bob.directory');
    // A local profile's other keys are not claims.
    expect(answered).not.toHaveProperty('groups');
  });

  it("carries an upstream identity's allowed attributes under their names with profile, never over the claims userinfo sets", async () => {
    claims = tokenOf(await familyOf(upstreamIdentityId));
    expect(await userInfo().claims(presented)).toEqual({
      sub: ids.accountId,
      preferred_username: 'bob.directory',
      name: 'Bob Directory',
      groups: ['engineering', 'vpn'],
      id: 'entry-uuid-of-bob',
      audience: upstreamServiceId,
      updated_at: expect.any(Number),
      email: 'bob@corp.example',
      email_verified: false,
    });
    claims = tokenOf(claims.sid!, 'openid email');
    expect(await userInfo().claims(presented)).toEqual({ sub: ids.accountId, email: 'bob@corp.example', email_verified: false });
  });

  it('answers the account alone for a login bound to no identity (an authentication grant)', async () => {
    claims = tokenOf(await familyOf(null));
    expect(await userInfo().claims(presented)).toEqual({ sub: ids.accountId, updated_at: expect.any(Number) });
  });

  it('refuses a token whose login is gone or whose account is disabled', async () => {
    claims = tokenOf(randomUUID());
    await expect(userInfo().claims(presented)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    claims = tokenOf(await familyOf(ids.identityId));
    await database.dataSource.manager.update(AccountEntity, { id: ids.accountId }, { disabled: true });
    try {
      await expect(userInfo().claims(presented)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    } finally {
      await database.dataSource.manager.update(AccountEntity, { id: ids.accountId }, { disabled: false });
    }
  });
});
