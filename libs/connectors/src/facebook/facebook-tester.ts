import type { ConnectionCheck, ConnectionTester } from '../connector';
import { answersHttp, timedCheck } from '../testers/endpoint-checks';
import type { FacebookConfig } from './facebook.config';
import { graphUrl } from './graph-user';

/** A dry run of a Facebook config: `tokenEndpoint` (the Graph API's `/oauth/access_token` answers HTTP). */
export function facebookTester(config: FacebookConfig): ConnectionTester {
  return {
    async test(): Promise<readonly ConnectionCheck[]> {
      return [await timedCheck('tokenEndpoint', () => answersHttp(graphUrl(config.graphApiUrl, '/oauth/access_token'), 'the Graph API token endpoint'))];
    },
  };
}
