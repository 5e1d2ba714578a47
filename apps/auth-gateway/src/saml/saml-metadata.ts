import { Injectable } from '@nestjs/common';
import { ConnectorConfigError, ServiceConnectors } from '@rapidauth/connectors';
import { AuthServiceEntity } from '@rapidauth/database';
import { NotFoundError } from '@rapidauth/oauth';
import { DataSource } from 'typeorm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SAML_TYPES: ReadonlySet<string> = new Set(['saml-redirect', 'saml-post']);

/**
 * The SP metadata of one SAML service, what its IdP's admin imports (docs/saml.md#sp-metadata).
 * A service that is unknown, disabled, not SAML or not configurable is one 404: the answer never
 * tells which.
 */
@Injectable()
export class SamlMetadata {
  constructor(
    private readonly dataSource: DataSource,
    private readonly connectors: ServiceConnectors,
  ) {}

  /** @throws NotFoundError NOT_FOUND */
  async of(serviceId: string, version: 'v1' | 'v2'): Promise<string> {
    const service = UUID.test(serviceId) ? await this.dataSource.manager.findOneBy(AuthServiceEntity, { id: serviceId }) : null;
    if (!service?.enabled || !SAML_TYPES.has(service.type)) throw notFound();
    try {
      const metadata = (await this.connectors.open(service)).spMetadata?.(version);
      if (!metadata) throw notFound();
      return metadata;
    } catch (error) {
      if (error instanceof ConnectorConfigError) throw notFound();
      throw error;
    }
  }
}

function notFound(): NotFoundError {
  return new NotFoundError('no SAML service with this id');
}
