import { Injectable } from '@nestjs/common';
import { ClusterNotifications } from '@rapidauth/database';

const TENANCY_CHANNEL = 'rapidauth_tenancy_changed';

/**
 * Says "organizations, environments, clients or services changed" to every instance, so caches
 * of resolved clients are dropped at once (a rotated secret or a disabled client must stop
 * working everywhere, not when a cache expires).
 */
@Injectable()
export class TenancyChanges {
  constructor(private readonly notifications: ClusterNotifications) {}

  async announce(): Promise<void> {
    await this.notifications.publish(TENANCY_CHANNEL, '');
    this.notifications.announceLocally(TENANCY_CHANNEL, '');
  }

  /** `handler` runs on every change, and after a lost notification connection comes back. */
  async subscribe(handler: () => void): Promise<void> {
    await this.notifications.subscribe(TENANCY_CHANNEL, handler);
    this.notifications.onResync(async () => handler());
  }
}
