import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Strategy } from 'passport-oauth2';
import { abortRequestsAfter, type NodeOAuthRequests } from './node-oauth-timeout';

describe('abortRequestsAfter', () => {
  let silent: Server;
  let tokenUrl: string;

  beforeAll(async () => {
    // Reads the request and never answers, as a hung provider does.
    silent = createServer((req) => req.resume());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    tokenUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/token`;
  });

  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });

  interface Client extends NodeOAuthRequests {
    getOAuthAccessToken(code: string, params: Record<string, string>, callback: (error: unknown) => void): void;
  }
  /** The node-oauth client a passport strategy drives, as the connectors take it. */
  const clientOf = (): Client => {
    const strategy = new Strategy({ authorizationURL: tokenUrl, tokenURL: tokenUrl, clientID: 'client', clientSecret: 'secret', callbackURL: '' }, () => undefined);
    return (strategy as unknown as { _oauth2: Client })._oauth2;
  };
  const redeem = (client: Client): Promise<unknown> =>
    new Promise((resolve) => client.getOAuthAccessToken('a-code', { grant_type: 'authorization_code' }, (error) => resolve(error)));

  it('ends a request the provider never answers with an error that carries no status', async () => {
    const client = clientOf();
    abortRequestsAfter(client, 200);
    const error = (await redeem(client)) as { name?: string; statusCode?: number };
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(error.statusCode).toBeUndefined();
  });

  it('leaves a client without it waiting', async () => {
    const client = clientOf();
    const outcome = await Promise.race([redeem(client), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 600))]);
    expect(outcome).toBe('still waiting');
  });
});
