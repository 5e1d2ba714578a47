// The ceiling for one Node process: a bare node:http server doing only the unavoidable work of
// the two scenarios — no framework, no database, no logging.
//
//   POST /token       form body, HTTP Basic client auth checked as HMAC-SHA256(pepper, secret)
//                     compared with timingSafeEqual, then one ES256 JWT signed with node:crypto.
//   POST /introspect  the same client check, then the ES256 signature and exp of `token` verified.
//
// Started by bench/run.mjs (pinned to core 0) with PORT, BENCH_CLIENT_ID, BENCH_CLIENT_SECRET.
import { createHmac, generateKeyPairSync, randomBytes, randomUUID, sign, timingSafeEqual, verify } from 'node:crypto';
import { createServer } from 'node:http';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const clientId = process.env.BENCH_CLIENT_ID;
const pepper = randomBytes(32);
const hmac = (secret) => createHmac('sha256', pepper).update(secret, 'utf8').digest();
const storedHash = hmac(process.env.BENCH_CLIENT_SECRET);
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const kid = randomUUID();
const header = Buffer.from(JSON.stringify({ alg: 'ES256', kid, typ: 'at+jwt' })).toString('base64url');
const MAX_BODY = 64 * 1024;

function send(res, status, body) {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
    'Cache-Control': 'no-store',
  });
  res.end(json);
}

function authenticated(req) {
  const auth = req.headers.authorization;
  if (!auth || !/^basic /i.test(auth)) return false;
  const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return false;
  const id = decodeURIComponent(decoded.slice(0, colon));
  const presented = hmac(decodeURIComponent(decoded.slice(colon + 1)));
  return timingSafeEqual(presented, storedHash) && id === clientId;
}

function issue(form) {
  if (form.get('grant_type') !== 'client_credentials') return [400, { error: 'unsupported_grant_type' }];
  const iat = Math.floor(Date.now() / 1000);
  const scope = form.get('scope') ?? '';
  const claims = { iss: issuer, sub: clientId, aud: issuer, client_id: clientId, scope, jti: randomUUID(), iat, exp: iat + 3600, token_use: 'access' };
  const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return [200, { access_token: `${input}.${signature.toString('base64url')}`, token_type: 'Bearer', expires_in: 3600, scope }];
}

function introspect(form) {
  const token = form.get('token') ?? '';
  const parts = token.split('.');
  if (parts.length !== 3) return [200, { active: false }];
  const ok = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(parts[2], 'base64url'));
  if (!ok) return [200, { active: false }];
  const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  if (claims.iss !== issuer || claims.exp <= Date.now() / 1000) return [200, { active: false }];
  return [200, { active: true, ...claims, token_type: 'Bearer' }];
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/ready') return send(res, 200, { ok: true });
  const route = req.method === 'POST' && (req.url === '/token' ? issue : req.url === '/introspect' ? introspect : null);
  if (!route) return send(res, 404, { error: 'not_found' });
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY) req.destroy();
    else chunks.push(chunk);
  });
  req.on('end', () => {
    if (!authenticated(req)) return send(res, 401, { error: 'invalid_client' });
    const [status, body] = route(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    send(res, status, body);
  });
});

server.listen(port, '127.0.0.1');
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
