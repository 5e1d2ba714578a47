import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { TenancyChanges } from '@rapidauth/tenancy';
import { DataLinksRepository, type ProxiedLink } from './data-links.repository';

/** Links are kept this long at most; TenancyChanges drops them at once on any change. */
const CACHE_TTL_MS = 30_000;
const CACHE_MAX_ENTRIES = 10_000;

/**
 * The enabled links by environment and name, kept in memory: read on every proxied request, changed
 * rarely. The admin API announces every change of a link, and of the auth service whose mappings it
 * carries, through TenancyChanges, which reach every instance (docs/gateway.md#data-links). Only links
 * found are kept, so unknown names cannot fill the cache.
 */
@Injectable()
export class DataLinkCache implements OnApplicationBootstrap {
  private readonly cache = new Map<string, { link: ProxiedLink; expiresAt: number }>();
  /** Counts the changes heard: a read begun before one may hold what it changed, so it is not kept. */
  private changesHeard = 0;

  constructor(
    private readonly repository: DataLinksRepository,
    private readonly changes: TenancyChanges,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.changes.subscribe(() => {
      this.changesHeard++;
      this.cache.clear();
    });
  }

  async findEnabled(environmentId: string, name: string): Promise<ProxiedLink | undefined> {
    // Environment ids are UUIDs (no space), so the key is unambiguous whatever the name.
    const key = `${environmentId} ${name}`;
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.link;
    const heardBefore = this.changesHeard;
    const link = await this.repository.findEnabled(environmentId, name);
    if (link && heardBefore === this.changesHeard) {
      if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.clear();
      this.cache.set(key, { link, expiresAt: Date.now() + CACHE_TTL_MS });
    }
    return link;
  }
}
