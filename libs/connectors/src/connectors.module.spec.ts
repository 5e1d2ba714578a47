import { randomBytes } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { APP_CONFIG } from '@rapidauth/config';
import { ClusterNotifications } from '@rapidauth/database';
import { DISABLED_METRICS, METRICS } from '@rapidauth/observability';
import { SecretHasher, Vault } from '@rapidauth/vault';
import { DataSource } from 'typeorm';
import { ConnectorRegistry, ConnectorsModule, ServiceConnectors } from '.';

/** What the apps provide globally (TypeORM's DataSource, the notifications, the vault and its hasher, the config, the metrics), as stand-ins. */
@Global()
@Module({
  providers: [
    { provide: DataSource, useValue: {} },
    { provide: ClusterNotifications, useValue: {} },
    { provide: Vault, useValue: new Vault({ keyId: 'k1', key: randomBytes(32) }) },
    { provide: SecretHasher, useValue: new SecretHasher(randomBytes(32)) },
    { provide: APP_CONFIG, useValue: { publicUrl: 'https://auth.example.com', mail: { from: 'RapidAuth <no-reply@localhost>' } } },
    { provide: METRICS, useValue: DISABLED_METRICS },
  ],
  exports: [DataSource, ClusterNotifications, Vault, SecretHasher, APP_CONFIG, METRICS],
})
class AppGlobals {}

describe('ConnectorsModule', () => {
  it('provides the registry and the opened connectors to importing modules', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppGlobals, ConnectorsModule] }).compile();
    expect(moduleRef.get(ConnectorRegistry).describe('local').type).toBe('local');
    expect(moduleRef.get(ServiceConnectors)).toBeInstanceOf(ServiceConnectors);
  });
});
