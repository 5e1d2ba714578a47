import { DynamicModule, Global, Module } from '@nestjs/common';
import { getRepositoryToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Database } from './data-source';
import { ClusterNotifications } from './cluster-notifications';
import { DATABASE } from './database.token';
import { ALL_ENTITIES } from './entities';

export { DATABASE };

/**
 * Exposes an already open database to Nest: the DataSource and a repository per entity
 * (`@InjectRepository(Entity)`). The runtime opens and closes it, not Nest, because one process
 * may host both apps over the same connection pool.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(database: Database): DynamicModule {
    const repositories = ALL_ENTITIES.map((entity) => ({
      provide: getRepositoryToken(entity),
      useFactory: () => database.dataSource.getRepository(entity),
    }));
    return {
      module: DatabaseModule,
      providers: [
        { provide: DATABASE, useValue: database },
        { provide: DataSource, useValue: database.dataSource },
        ClusterNotifications,
        ...repositories,
      ],
      exports: [DATABASE, DataSource, ClusterNotifications, ...repositories.map((r) => r.provide)],
    };
  }
}
