import { Module } from '@nestjs/common';
import { ConnectorRegistry } from './registry';

@Module({ providers: [ConnectorRegistry], exports: [ConnectorRegistry] })
export class ConnectorsModule {}
