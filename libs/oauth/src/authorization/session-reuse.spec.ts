import type { AppClient } from '../clients/resolved-client';
import type { BrowserSession } from './browser-sessions';
import { sessionReusable } from './session-reuse';

const SIGNED_IN = new Date('2026-01-01T10:00:00Z');
const session: BrowserSession = {
  id: 'session',
  environmentId: 'environment',
  accountId: 'account',
  identityId: 'identity',
  authServiceId: 'service',
  authTime: SIGNED_IN,
  claims: { provider: 'local', providerUid: 'alice', amr: ['pwd'] },
};
const client = (tokenTtl: number, id = 'service') => ({ service: { id, settings: { tokenTtl } } }) as unknown as Pick<AppClient, 'service'>;
const at = (seconds: number) => new Date(SIGNED_IN.getTime() + seconds * 1000);
const plain = { prompt: [], maxAge: undefined };

describe('sessionReusable', () => {
  it('reuses an upstream session within the service token lifetime from auth_time, and not after', () => {
    expect(sessionReusable(session, plain, client(600), true, at(600))).toBe(true);
    expect(sessionReusable(session, plain, client(600), true, at(601))).toBe(false);
  });

  it("keeps the gateway's own sessions beyond the token lifetime", () => {
    expect(sessionReusable(session, plain, client(600), false, at(7200))).toBe(true);
  });

  it('honours prompt=login, max_age and the service the session signed in through', () => {
    expect(sessionReusable(session, { prompt: ['login'], maxAge: undefined }, client(600), false, at(1))).toBe(false);
    expect(sessionReusable(session, { prompt: [], maxAge: 60 }, client(600), false, at(60))).toBe(true);
    expect(sessionReusable(session, { prompt: [], maxAge: 60 }, client(600), false, at(61))).toBe(false);
    expect(sessionReusable(session, plain, client(600, 'another service'), false, at(1))).toBe(false);
  });
});
