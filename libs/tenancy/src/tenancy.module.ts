import { Module } from '@nestjs/common';
import { TenancyChanges } from './tenancy-changes';

/**
 * Tenancy's injectable services. Nest keeps one instance of a module per application however many
 * modules import it, so every importer of an app (the OAuth caches, the admin services) shares one
 * `TenancyChanges`; the apps hosted by one process hear each other through ClusterNotifications.
 */
@Module({
  providers: [TenancyChanges],
  exports: [TenancyChanges],
})
export class TenancyModule {}
