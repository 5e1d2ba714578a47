import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, type Runtime } from '@rapidauth/runtime';

/** The public OAuth 2.0 / OpenID Connect front door. */
@Module({})
export class GatewayModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return { module: GatewayModule, imports: [CoreModule.forRoot(runtime, 'gateway')] };
  }
}
