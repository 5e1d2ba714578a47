import { Injectable } from '@nestjs/common';
import { AuthServiceEntity, ClientEntity, EnvironmentEntity, EnvironmentServiceEntity, OrganizationEntity } from '@rapidauth/database';
import { DataSource } from 'typeorm';

/** The lookups client resolution makes, each one indexed query. */
@Injectable()
export class ClientRepository {
  constructor(private readonly dataSource: DataSource) {}

  findEnvironmentByAppKey(appKey: string): Promise<EnvironmentEntity | null> {
    return this.dataSource.manager.findOneBy(EnvironmentEntity, { appKey });
  }

  findRegisteredClient(clientId: string): Promise<(ClientEntity & { environment: EnvironmentEntity }) | null> {
    return this.dataSource.manager.findOne(ClientEntity, {
      where: { clientId },
      relations: { environment: true, appSignature: true },
    }) as Promise<(ClientEntity & { environment: EnvironmentEntity }) | null>;
  }

  findOrganizationByClientId(clientId: string): Promise<OrganizationEntity | null> {
    return this.dataSource.manager.findOneBy(OrganizationEntity, { clientId });
  }

  /** The service if `environmentId` has it enabled (and it is not disabled itself). */
  async findEnabledService(environmentId: string, serviceId: string): Promise<AuthServiceEntity | null> {
    const link = await this.dataSource.manager.findOne(EnvironmentServiceEntity, {
      where: { environmentId, authServiceId: serviceId, authService: { enabled: true } },
      relations: { authService: true },
    });
    return link?.authService ?? null;
  }
}
