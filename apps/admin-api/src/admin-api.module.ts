import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ManagementTokenController, OAuthErrorFilter, OAuthModule } from '@rapidauth/oauth';
import { CoreModule, type Runtime } from '@rapidauth/runtime';

/** The admin REST API (and, later, the console it serves). */
@Module({})
export class AdminApiModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return {
      module: AdminApiModule,
      imports: [CoreModule.forRoot(runtime, 'admin-api'), OAuthModule],
      controllers: [ManagementTokenController],
      providers: [{ provide: APP_FILTER, useClass: OAuthErrorFilter }],
    };
  }
}
