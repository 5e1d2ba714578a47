import type { ConnectionCheck, ConnectionTester } from '../connector';
import { answersHttp, timedCheck } from '../testers/endpoint-checks';

/** A dry run of a SAML-WRAP config: `connect` (the WRAP API at `providerUri` answers HTTP). */
export function samlWrapTester(providerUri: string): ConnectionTester {
  return {
    async test(): Promise<readonly ConnectionCheck[]> {
      return [await timedCheck('connect', () => answersHttp(providerUri, 'the WRAP API'))];
    },
  };
}
