import type { ConnectionCheck, ConnectionTester } from '../connector';
import { answersHttp, timedCheck } from '../testers/endpoint-checks';
import type { OAuth2Config } from './oauth2.config';

/** A dry run of an OAuth2 config: `tokenEndpoint` (`providerUri` answers HTTP). */
export function oauth2Tester(config: OAuth2Config): ConnectionTester {
  return {
    async test(): Promise<readonly ConnectionCheck[]> {
      return [await timedCheck('tokenEndpoint', () => answersHttp(config.providerUri, 'the token endpoint'))];
    },
  };
}
