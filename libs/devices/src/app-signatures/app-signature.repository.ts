import { Injectable } from '@nestjs/common';
import { AppSignatureEntity, EnvironmentEntity } from '@rapidauth/database';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { DeviceError } from '../devices.errors';

/** The SQL of app signatures and of the device clients registered with them. */
@Injectable()
export class AppSignatureRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The environment's custom scopes (beside the OpenID Connect ones, what its clients may be granted). */
  async customScopes(environmentId: string): Promise<string[]> {
    const environment = await this.dataSource.manager.findOne(EnvironmentEntity, { select: { id: true, customScopes: true }, where: { id: environmentId } });
    return environment?.customScopes ?? [];
  }

  /** Inserts or updates; a second signature of one identifier, version and platform in the environment is NAME_TAKEN. */
  async save(signature: AppSignatureEntity): Promise<AppSignatureEntity> {
    try {
      return await this.dataSource.manager.save(signature);
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
        throw new DeviceError('NAME_TAKEN', 'the environment already has an app signature for this identifier, version and platform', { field: 'version' });
      }
      throw error;
    }
  }

  /** Inserts through the caller's transaction (an import): its environment is new, so no signature can clash. */
  insert(manager: EntityManager, signature: AppSignatureEntity): Promise<AppSignatureEntity> {
    return manager.save(signature);
  }

  create(values: Partial<AppSignatureEntity>): AppSignatureEntity {
    return this.dataSource.manager.create(AppSignatureEntity, values);
  }

  async delete(id: string): Promise<void> {
    await this.dataSource.manager.delete(AppSignatureEntity, { id });
  }

  /** Disables every device client registered with the signature (already disabled ones included); their `client_id`s. */
  async disableDeviceClients(signatureId: string): Promise<string[]> {
    const [rows]: [{ client_id: string }[], number] = await this.dataSource.query(
      `UPDATE "client" SET "enabled" = false, "updated_at" = now() WHERE "app_signature_id" = $1 AND "kind" = 'device' RETURNING "client_id"`,
      [signatureId],
    );
    return rows.map((row) => row.client_id);
  }
}
