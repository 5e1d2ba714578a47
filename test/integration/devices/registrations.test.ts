import { randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '@rapidauth/database';
import { RegistrationRefusedError, type DeviceClients } from '@rapidauth/devices';
import { SEALED_PURPOSES, Vault } from '@rapidauth/vault';
import { AppSignatures } from '../../../libs/devices/src/app-signatures/app-signatures';
import { AppSignatureRepository } from '../../../libs/devices/src/app-signatures/app-signature.repository';
import { DeviceRegistrationRepository } from '../../../libs/devices/src/registration/device-registration.repository';
import { DeviceRegistrations } from '../../../libs/devices/src/registration/device-registrations';
import { BACKENDS, openMigratedDatabase } from '../../support/migrated-database';
import { deviceOcra, ocraStepAt } from '../../support/ocra';
import { createTenant, provisionerOn } from '../../support/tenant';

const SUITE = 'OCRA-1:HOTP-SHA256-8:QH64-T1M';

/**
 * A device registration admits one attempt (docs/gateway.md#device-registration): of parallel
 * register calls with the right answer exactly one creates a client; the rest are told it was used.
 */
describe.each(BACKENDS)('device registrations (%s)', (_label, kind) => {
  let database: Database;
  let registrations: DeviceRegistrations;
  const key = randomBytes(32);
  const created: string[] = [];

  beforeAll(async () => {
    database = await openMigratedDatabase(kind);
    const tenant = await createTenant(provisionerOn(database.dataSource));
    const vault = new Vault({ keyId: 'k1', key: randomBytes(32) });
    const id = randomUUID();
    await database.dataSource.query(
      `INSERT INTO "app_signature" ("id", "environment_id", "identifier", "version", "platform", "ocra_suite", "secret_sealed", "redirect_uris") VALUES ($1, $2, $3, '1.0.0', 'android', $4, $5, '{com.example.app:/cb}')`,
      [id, tenant.environment.id, `com.example.${kind}`, SUITE, vault.seal(key, SEALED_PURPOSES.appSignatureSecret(id))],
    );
    const signatures = new AppSignatures(new AppSignatureRepository(database.dataSource), vault, undefined as never, undefined as never);
    // The client row is another suite's concern (e2e); here only who wins counts.
    const clients = { create: async () => ({ metadata: { client_id: `c${created.push('c')}` }, credentials: {} }) } as unknown as DeviceClients;
    registrations = new DeviceRegistrations(new DeviceRegistrationRepository(database.dataSource), signatures, clients);
  });

  afterAll(() => database?.close());

  it('lets exactly one of 8 parallel right answers register', async () => {
    const challenge = await registrations.challenge({ identifier: `com.example.${kind}`, version: '1.0.0', platform: 'android' });
    const answer = deviceOcra(SUITE, key.toString('hex'), challenge.challenge, { timeStep: ocraStepAt(SUITE, Date.now()) });
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () =>
        registrations.register(challenge.registrationId, answer, undefined).then(
          () => 'registered',
          (error: unknown) => (error instanceof RegistrationRefusedError ? error.code : `unexpected ${error}`),
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === 'registered')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'REGISTRATION_ALREADY_USED')).toHaveLength(7);
  });

  it('spends the attempt on a wrong answer too', async () => {
    const challenge = await registrations.challenge({ identifier: `com.example.${kind}`, version: '1.0.0', platform: 'android' });
    await expect(registrations.register(challenge.registrationId, '00000000', undefined)).rejects.toMatchObject({ code: 'INVALID_OCRA_RESPONSE' });
    const answer = deviceOcra(SUITE, key.toString('hex'), challenge.challenge, { timeStep: ocraStepAt(SUITE, Date.now()) });
    await expect(registrations.register(challenge.registrationId, answer, undefined)).rejects.toMatchObject({ code: 'REGISTRATION_ALREADY_USED' });
  });
});
