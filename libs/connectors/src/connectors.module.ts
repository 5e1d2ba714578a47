import { Module } from '@nestjs/common';
import { IdentityModule } from '@rapidauth/identity';
import { TenancyModule } from '@rapidauth/tenancy';
import { ConnectorRegistry } from './registry';
import { AssertionReplays } from './saml/assertion-replays.repository';
import { ServiceConnectors } from './service-connectors';

/** The connector catalogue, and the opened connectors of stored services (the Vault comes from the global VaultModule). */
@Module({ imports: [IdentityModule, TenancyModule], providers: [ConnectorRegistry, ServiceConnectors, AssertionReplays], exports: [ConnectorRegistry, ServiceConnectors] })
export class ConnectorsModule {}
