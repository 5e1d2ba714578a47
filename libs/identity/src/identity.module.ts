import { Module } from '@nestjs/common';
import { LocalIdentities } from './local/local-identities';
import { LoginThrottle } from './lockout/login-throttle';

@Module({ providers: [LocalIdentities, LoginThrottle], exports: [LocalIdentities, LoginThrottle] })
export class IdentityModule {}
