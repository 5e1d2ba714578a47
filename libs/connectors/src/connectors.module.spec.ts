import { Test } from '@nestjs/testing';
import { ConnectorRegistry, ConnectorsModule } from '.';

describe('ConnectorsModule', () => {
  it('provides the registry to importing modules', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ConnectorsModule] }).compile();
    expect(moduleRef.get(ConnectorRegistry).describe('local').type).toBe('local');
  });
});
