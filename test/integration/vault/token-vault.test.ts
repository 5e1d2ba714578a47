import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AppSignatureEntity, AuthorizationCodeEntity, AuthServiceEntity, MfaFactorEntity, RefreshTokenFamilyEntity, SigningKeyEntity, VaultEntryEntity, type Database } from '@rapidauth/database';
import { SEALED_PURPOSES, Vault, VaultOpenError } from '@rapidauth/vault';
import type { FindOptionsWhere } from 'typeorm';
import type { RefreshTokens } from '../../../libs/oauth/src/refresh/refresh-tokens';
import { MasterKeyRotation } from '../../../libs/vault/src/rotation/master-key-rotation';
import { SealedValuesRepository } from '../../../libs/vault/src/rotation/sealed-values.repository';
import { TokenVault } from '../../../libs/vault/src/token-vault/token-vault';
import { VaultEntriesRepository } from '../../../libs/vault/src/token-vault/vault-entries.repository';
import { BACKENDS, openMigratedDatabase } from '../../support/migrated-database';
import { appClient, codeFlowStores, createSignInFixture, type SignInIds } from '../../support/sign-in-fixture';

const key = (keyId: string) => ({ keyId, key: randomBytes(32) });
const TOKENS = { access_token: { value: 'at-9f3c1e', expiresAt: new Date('2030-01-01T00:00:00Z') }, refresh_token: { value: 'rt-77aa02' } };

/**
 * The token vault's SQL on both backends: entries written against a code move to the family in the
 * statement that redeems the code (exactly once under concurrency), go with their family or
 * unexchanged code, and master-key rotation rewraps them (with the other sealed columns) in batches.
 */
describe.each(BACKENDS)('token vault (%s)', (_label, kind) => {
  let database: Database;
  let ids: SignInIds;
  let refreshTokens: RefreshTokens;
  const oldKey = key('k1');
  const newKey = key('k2');

  const tokenVault = (vault: Vault) => new TokenVault(vault, new VaultEntriesRepository(database.dataSource));
  const rotation = (vault: Vault) => new MasterKeyRotation(vault, database.dataSource, new SealedValuesRepository(database.dataSource));
  const entries = (where: FindOptionsWhere<VaultEntryEntity>) => database.dataSource.manager.findBy(VaultEntryEntity, where);

  const newCode = async (): Promise<string> => {
    const code = await database.dataSource.manager.save(
      database.dataSource.manager.create(AuthorizationCodeEntity, {
        codeHash: createHash('sha256').update(randomUUID()).digest('hex'),
        environmentId: ids.environmentId,
        clientId: ids.clientId,
        accountId: ids.accountId,
        identityId: ids.identityId,
        authServiceId: ids.serviceId,
        redirectUri: 'https://app.example/cb',
        scope: 'openid',
        nonce: null,
        codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        authTime: new Date(),
        sessionId: null,
        expiresAt: new Date(Date.now() + 60_000),
        consumedAt: null,
        familyId: null,
      }),
    );
    return code.id;
  };
  const redeem = (codeId: string) =>
    refreshTokens.beginLoginRedeeming(
      codeId,
      appClient(ids, ['authorization_code', 'refresh_token']),
      { accountId: ids.accountId, identityId: ids.identityId, authServiceId: ids.serviceId, scope: ['openid'], authTime: new Date() },
      new Date(),
    );

  beforeAll(async () => {
    database = await openMigratedDatabase(kind);
    ids = await createSignInFixture(database.dataSource.manager);
    ({ refreshTokens } = codeFlowStores(database.dataSource));
  });

  afterAll(() => database?.close());

  it('keeps a sign-in’s tokens against its code, and the exchange moves them to the new family in its own statement', async () => {
    const vault = tokenVault(new Vault(oldKey));
    const codeId = await newCode();
    await vault.putForCode(database.dataSource.manager, codeId, TOKENS);
    const [stored] = await entries({ authorizationCodeId: codeId });
    expect(stored).toMatchObject({ familyId: null, masterKeyId: 'k1', upstreamExpiresAt: null });
    expect(JSON.stringify(stored)).not.toMatch(/at-9f3c1e|rt-77aa02/);

    const redeemed = (await redeem(codeId))!;
    expect(redeemed.familyId).toEqual(expect.any(String));
    expect(await entries({ id: stored.id })).toEqual([expect.objectContaining({ familyId: redeemed.familyId, authorizationCodeId: null })]);
    expect(await vault.get(redeemed.familyId)).toEqual(TOKENS);

    // A replayed code writes nothing, and the entry stays with the family the first exchange made.
    expect(await redeem(codeId)).toBeUndefined();
    expect(await entries({ familyId: redeemed.familyId })).toHaveLength(1);
  });

  it('moves the entry to the one family of concurrent exchanges; a code without an entry exchanges as before', async () => {
    const vault = tokenVault(new Vault(oldKey));
    const codeId = await newCode();
    await vault.putForCode(database.dataSource.manager, codeId, TOKENS);
    const results = await Promise.all([redeem(codeId), redeem(codeId), redeem(codeId)]);
    const winners = results.filter((result) => result !== undefined);
    expect(winners).toHaveLength(1);
    expect(await vault.get(winners[0]!.familyId)).toEqual(TOKENS);

    const bare = (await redeem(await newCode()))!;
    expect(await vault.get(bare.familyId)).toBeUndefined();
  });

  it('writes a family’s tokens directly (a login without a code), replacing what it held', async () => {
    const vault = tokenVault(new Vault(oldKey));
    const { familyId } = (await redeem(await newCode()))!;
    await database.dataSource.transaction((manager) => vault.putForFamily(manager, familyId, TOKENS));
    const refreshed = { access_token: { value: 'newer', expiresAt: new Date('2031-01-01T00:00:00Z') } };
    await database.dataSource.transaction((manager) => vault.putForFamily(manager, familyId, refreshed));
    expect(await vault.get(familyId)).toEqual(refreshed);
    expect(await entries({ familyId })).toEqual([expect.objectContaining({ upstreamExpiresAt: refreshed.access_token.expiresAt })]);
  });

  it('opens an entry its caller read itself as get does, and refuses it under another entry id', async () => {
    const vault = tokenVault(new Vault(oldKey));
    const { familyId } = (await redeem(await newCode()))!;
    await vault.putForFamily(database.dataSource.manager, familyId, TOKENS);
    const [row] = await entries({ familyId });
    expect(vault.open(row)).toEqual(await vault.get(familyId));
    expect(vault.open(row)).toEqual(TOKENS);
    expect(() => vault.open({ ...row, id: randomUUID() })).toThrow(VaultOpenError);
  });

  it('deletes an entry with its family, and with its code while it was never exchanged; an entry has exactly one owner', async () => {
    const vault = tokenVault(new Vault(oldKey));
    const { familyId } = (await redeem(await newCode()))!;
    await vault.putForFamily(database.dataSource.manager, familyId, TOKENS);
    await database.dataSource.manager.delete(RefreshTokenFamilyEntity, { id: familyId });
    expect(await entries({ familyId })).toEqual([]);

    const abandoned = await newCode();
    await vault.putForCode(database.dataSource.manager, abandoned, TOKENS);
    await database.dataSource.manager.delete(AuthorizationCodeEntity, { id: abandoned });
    expect(await entries({ authorizationCodeId: abandoned })).toEqual([]);

    const orphan = { id: randomUUID(), familyId: null, authorizationCodeId: null, masterKeyId: 'k1', wrappedKey: 'w', ciphertext: 'c', upstreamExpiresAt: null };
    await expect(database.dataSource.manager.insert(VaultEntryEntity, orphan)).rejects.toMatchObject({ driverError: { code: '23514' } });
  });

  it('rotates the master key: batches of entries, auth service secrets, signing keys, TOTP secrets and app signatures’ OCRA keys rewrapped once, even by two rotations at once', async () => {
    const before = new Vault(oldKey);
    const vault = tokenVault(before);
    const families: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { familyId } = (await redeem(await newCode()))!;
      await vault.putForFamily(database.dataSource.manager, familyId, { access_token: { value: `at-${i}` } });
      families.push(familyId);
    }
    const service = await database.dataSource.manager.findOneByOrFail(AuthServiceEntity, { id: ids.serviceId });
    await database.dataSource.manager.update(AuthServiceEntity, { id: service.id }, {
      encryptedSecrets: before.seal(JSON.stringify({ bindPassword: 'directory secret' }), SEALED_PURPOSES.authServiceSecrets(service.id)),
    });
    const kid = `rotation-${kind}`;
    await database.dataSource.manager.insert(SigningKeyEntity, {
      kid,
      alg: 'ES256',
      publicJwk: {},
      encryptedPrivateKey: before.seal('pkcs8', SEALED_PURPOSES.signingKey),
      encryptionKeyId: 'k1',
      activatesAt: new Date(),
      deactivatedAt: null,
      retiresAt: null,
    });
    const { id: factorId } = await database.dataSource.manager.findOneByOrFail(MfaFactorEntity, { accountId: ids.accountId });
    await database.dataSource.manager.update(MfaFactorEntity, { id: factorId }, {
      secretSealed: before.seal('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', SEALED_PURPOSES.mfaFactor(factorId)),
    });
    const ocraKey = randomBytes(32).toString('hex');
    const signatureId = randomUUID();
    await database.dataSource.manager.insert(AppSignatureEntity, {
      id: signatureId,
      environmentId: ids.environmentId,
      identifier: 'com.example.bank',
      version: kind,
      platform: 'ios',
      ocraSuite: 'OCRA-1:HOTP-SHA256-8:QH64-T1M',
      secretSealed: before.seal(ocraKey, SEALED_PURPOSES.appSignatureSecret(signatureId)),
    });

    const after = new Vault(newKey, [oldKey]);
    const usageBefore = await rotation(after).usage();
    expect(usageBefore.keys.find((usage) => usage.keyId === 'k1')).toMatchObject({ current: false, authServices: 1, signingKeys: 1, mfaFactors: 1, appSignatures: 1 });

    const [first, second] = await Promise.all([rotation(after).rotate(), rotation(after).rotate()]);
    const total = (kindOf: keyof typeof first.rewrapped) => first.rewrapped[kindOf] + second.rewrapped[kindOf];
    expect([total('authServices'), total('signingKeys'), total('mfaFactors'), total('appSignatures')]).toEqual([1, 1, 1, 1]);
    expect(total('vaultEntries')).toBe(usageBefore.keys.find((usage) => usage.keyId === 'k1')!.vaultEntries);

    const newOnly = new Vault(newKey);
    for (const [i, familyId] of families.entries()) expect(await tokenVault(newOnly).get(familyId)).toEqual({ access_token: { value: `at-${i}` } });
    const rewrapped = await database.dataSource.manager.findOneByOrFail(AuthServiceEntity, { id: service.id });
    expect(JSON.parse(newOnly.open(rewrapped.encryptedSecrets!, SEALED_PURPOSES.authServiceSecrets(service.id)).toString())).toEqual({ bindPassword: 'directory secret' });
    const signingKey = await database.dataSource.manager.findOneByOrFail(SigningKeyEntity, { kid });
    expect(signingKey.encryptionKeyId).toBe('k2');
    expect(newOnly.open(signingKey.encryptedPrivateKey, SEALED_PURPOSES.signingKey).toString()).toBe('pkcs8');
    const factor = await database.dataSource.manager.findOneByOrFail(MfaFactorEntity, { id: factorId });
    expect(newOnly.open(factor.secretSealed, SEALED_PURPOSES.mfaFactor(factorId)).toString()).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    const signature = await database.dataSource.manager.findOneByOrFail(AppSignatureEntity, { id: signatureId });
    expect(newOnly.open(signature.secretSealed, SEALED_PURPOSES.appSignatureSecret(signatureId)).toString()).toBe(ocraKey);

    // What a key nobody configured sealed (the fixture graph's rows, under "default") stays, and is reported.
    const again = await rotation(after).rotate();
    expect(again.rewrapped).toEqual({ vaultEntries: 0, authServices: 0, signingKeys: 0, identitySettings: 0, mfaFactors: 0, appSignatures: 0 });
    expect(again.remaining).toEqual({ default: 4 });
    expect((await rotation(after).usage()).keys.map((usage) => [usage.keyId, usage.current])).toEqual([
      ['k2', true],
      ['k1', false],
      ['default', false],
    ]);
  });
});
