import { appsecretProof, provenMeUrl, readMe } from './graph-me';
import type { GraphClient } from './facebook-strategy';

/** A Graph client answering every GET with `answer` and recording what it was asked. */
function graphAnswering(answer: { error?: unknown; body?: string }): GraphClient & { asked: { url: string; token: string }[] } {
  const asked: { url: string; token: string }[] = [];
  return {
    asked,
    useAuthorizationHeaderforGET: () => undefined,
    _executeRequest: () => undefined,
    get: (url, token, callback) => {
      asked.push({ url, token });
      callback(answer.error ?? null, answer.body);
    },
  };
}

const ME = 'https://graph.facebook.com/v19.0/me?fields=id%2Cemail';

describe('Graph API /me', () => {
  it('proves the access token with the HMAC-SHA256 of it keyed by the app secret (openssl dgst -sha256 -hmac)', () => {
    expect(appsecretProof('EAAB-access-token', 'app-secret')).toBe('058a45bf157e8c093da159f87462b9e531ed94a68fdc3a14bd6dd61e3ab91acb');
  });

  it('adds the proof only when the service has a client secret, and never the token itself', () => {
    const proven = new URL(provenMeUrl(ME, 'EAAB-access-token', 'app-secret'));
    expect(Object.fromEntries(proven.searchParams)).toEqual({ fields: 'id,email', appsecret_proof: '058a45bf157e8c093da159f87462b9e531ed94a68fdc3a14bd6dd61e3ab91acb' });
    expect(provenMeUrl(ME, 'EAAB-access-token', undefined)).toBe(ME);
  });

  it('reads a JSON object, sending the token to the client (which puts it in the Authorization header)', async () => {
    const graph = graphAnswering({ body: '{"id":"101","email":"a@example.com"}' });
    await expect(readMe(graph, ME, 'EAAB-token', 'secret')).resolves.toEqual({ id: '101', email: 'a@example.com' });
    expect(graph.asked[0].token).toBe('EAAB-token');
    expect(graph.asked[0].url).not.toContain('EAAB-token');
  });

  it.each([
    ['null', 'null'],
    ['a JSON string', '"a string"'],
    ['an array', '[1]'],
    ['no JSON', 'not json'],
    ['an answer over 256 KiB', `{"pad":"${'x'.repeat(300 * 1024)}"}`],
  ])('refuses %s as UPSTREAM_REJECTED', async (_, body) => {
    await expect(readMe(graphAnswering({ body }), ME, 't', undefined)).rejects.toMatchObject({ code: 'UPSTREAM_REJECTED' });
  });

  it('refuses a Graph error answer by its type and code, never repeating its message; a transient one or no answer is UPSTREAM_UNAVAILABLE', async () => {
    const answer = (code: number) => ({ statusCode: 400, data: JSON.stringify({ error: { message: 'Invalid appsecret_proof EAAB-token', type: 'GraphMethodException', code } }) });
    const refused = readMe(graphAnswering({ error: answer(100) }), ME, 'EAAB-token', 'secret');
    await expect(refused).rejects.toMatchObject({ code: 'UPSTREAM_REJECTED', detail: '/me: Graph error GraphMethodException 100' });
    await expect(readMe(graphAnswering({ error: answer(2) }), ME, 't', 's')).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    await expect(readMe(graphAnswering({ error: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }), ME, 't', 's')).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
    });
    await expect(readMe(graphAnswering({ error: { statusCode: 502, data: '<html>' } }), ME, 't', 's')).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    await expect(readMe(graphAnswering({ error: { statusCode: 404, data: '<html>' } }), ME, 't', 's')).rejects.toMatchObject({ code: 'UPSTREAM_REJECTED' });
  });
});
