import { AuthServiceEntity } from '@rapidauth/database';
import { serviceTokenSettings } from '@rapidauth/tenancy';
import type { DataSource } from 'typeorm';
import type { ResolvedService } from './resolved-client';

/**
 * The environment's built-in `local` service: logins that go through no auth service of the
 * client's (grant logins, anonymous and custom-token logins) take their token settings from it.
 */
export async function localService(dataSource: DataSource, environmentId: string): Promise<ResolvedService> {
  const service = await dataSource.manager.findOneByOrFail(AuthServiceEntity, { environmentId, type: 'local' });
  return { id: service.id, type: service.type, name: service.name, settings: serviceTokenSettings(service.config), stored: service };
}
