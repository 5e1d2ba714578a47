import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import type { AuthServiceEntity } from '@rapidauth/database';
import { LocalIdentities } from '@rapidauth/identity';
import { METRICS, type Metrics } from '@rapidauth/observability';
import { TenancyChanges } from '@rapidauth/tenancy';
import { Vault } from '@rapidauth/vault';
import { checkedIdentities } from './checked-identities';
import { openServiceSecrets, sealServiceSecrets } from './config/service-secrets';
import type { Connector, ConnectorRuntime, OpenedService } from './connector';
import { ConnectorConfigError, ConnectorError } from './connectors.errors';
import { ConnectorRegistry } from './registry';
import { AssertionReplays } from './saml/assertion-replays.repository';
import { timedUpstream } from './timed-upstream';

interface CachedConnector {
  readonly updatedAt: number;
  readonly connector: Promise<Connector>;
}

/**
 * Opens stored auth services into connectors: the config validated again (defaults applied), the
 * secrets unsealed (this lib seals them on save too), the type's factory run. One connector per
 * service and version (`updatedAt`), so pooled connections are shared; TenancyChanges drops them
 * all on any change, so an edit reaches every instance without a restart.
 */
@Injectable()
export class ServiceConnectors implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ServiceConnectors.name);
  private readonly cache = new Map<string, CachedConnector>();

  constructor(
    private readonly registry: ConnectorRegistry,
    private readonly vault: Vault,
    private readonly changes: TenancyChanges,
    private readonly localIdentities: LocalIdentities,
    private readonly assertionReplays: AssertionReplays,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.changes.subscribe(() => this.dropAll());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.dropAll();
  }

  /**
   * The service's connector, built on first use of this version of the service.
   * @throws ConnectorConfigError when the type has no connector yet (its logins answer UNSUPPORTED_PROVIDER)
   * @throws ConnectorError UPSTREAM_UNAVAILABLE when the stored config or secrets no longer open
   */
  async open(service: AuthServiceEntity): Promise<Connector> {
    const updatedAt = service.updatedAt.getTime();
    const cached = this.cache.get(service.id);
    if (cached?.updatedAt === updatedAt) return cached.connector;
    const connector = this.build(service);
    this.cache.set(service.id, { updatedAt, connector });
    if (cached) void this.close(cached);
    connector.catch(() => {
      if (this.cache.get(service.id)?.connector === connector) this.cache.delete(service.id);
    });
    return connector;
  }

  /** Seals validated secrets for the service `serviceId`, to store as its `encryptedSecrets`. */
  sealSecrets(serviceId: string, secrets: Readonly<Record<string, string>>): string | null {
    return sealServiceSecrets(this.vault, serviceId, secrets);
  }

  /** A stored service's secret settings; never logged, never answered. */
  openSecrets(service: Pick<AuthServiceEntity, 'id' | 'encryptedSecrets'>): Record<string, string> {
    return openServiceSecrets(this.vault, service);
  }

  /**
   * A connector for a config that is not saved (a connection test): built by the type's factory as
   * `open` builds one, but not cached, so the caller closes it.
   * @throws ConnectorConfigError when the type has no connector yet
   */
  openUnsaved(opened: OpenedService): Connector {
    return this.registry.factoryOf(opened.type)(opened, this.runtimeFor(opened.type));
  }

  private async build(service: AuthServiceEntity): Promise<Connector> {
    const factory = this.registry.factoryOf(service.type);
    let opened: OpenedService;
    try {
      const { config, secrets } = this.registry.validateStored(service.type, { ...service.config, ...this.openSecrets(service) });
      opened = {
        id: service.id,
        type: service.type,
        organizationId: service.organizationId,
        environmentId: service.environmentId,
        config,
        secrets,
        updatedAt: service.updatedAt,
      };
    } catch (error) {
      // Field names only: a problem's message never holds a configured value, a vault error none at all.
      const reason = error instanceof ConnectorConfigError ? error.fields.map((problem) => problem.field).join(', ') : (error as Error).message;
      this.logger.error({ serviceId: service.id, type: service.type, reason }, 'stored auth service does not open');
      throw new ConnectorError('UPSTREAM_UNAVAILABLE', 'this sign-in service cannot be used right now', { detail: `service ${service.id} does not open` });
    }
    return timedUpstream(checkedIdentities(factory(opened, this.runtimeFor(service.type))), this.metrics);
  }

  private runtimeFor(type: string): ConnectorRuntime {
    return { localIdentities: this.localIdentities, publicUrl: this.config.publicUrl, assertionReplays: this.assertionReplays, logger: new Logger(`connector:${type}`) };
  }

  private async dropAll(): Promise<void> {
    const dropped = [...this.cache.values()];
    this.cache.clear();
    await Promise.all(dropped.map((entry) => this.close(entry)));
  }

  /** A failing close is logged, not thrown: the entry is gone either way. */
  private async close(entry: CachedConnector): Promise<void> {
    let connector: Connector;
    try {
      connector = await entry.connector;
    } catch {
      return; // It failed to build, so it holds nothing.
    }
    try {
      await connector.close();
    } catch (error) {
      this.logger.warn({ serviceId: connector.service.id, reason: (error as Error).message }, 'closing a dropped connector failed');
    }
  }
}
