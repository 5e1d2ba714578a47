import { Module } from '@nestjs/common';
import { LocalIdentities } from './local/local-identities';
import { LoginThrottle } from './lockout/login-throttle';
import { UpstreamIdentities } from './upstream/upstream-identities';

@Module({ providers: [LocalIdentities, LoginThrottle, UpstreamIdentities], exports: [LocalIdentities, LoginThrottle, UpstreamIdentities] })
export class IdentityModule {}
