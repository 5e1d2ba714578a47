// Optional reference server (BENCH_SERVERS=…,nest-floor): NestJS 11 on Express set up as RapidAuth's
// gateway sets up its HTTP app (bodyParser: false, then useBodyParser('urlencoded', 64 KiB)), with
// exactly the ceiling's work in one controller: HMAC-SHA256 client check + one ES256 JWT. No
// database, no logger, no other middleware: what the framework alone leaves of the ceiling.
// Plain JS, so the decorators are applied by hand. Scenario (a) only.
'use strict';
require('reflect-metadata');
const { createHmac, generateKeyPairSync, randomBytes, randomUUID, sign, timingSafeEqual } = require('node:crypto');
const { Controller, Header, HttpCode, Module, Post, Req, UnauthorizedException } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const clientId = process.env.BENCH_CLIENT_ID;
const pepper = randomBytes(32);
const hmac = (secret) => createHmac('sha256', pepper).update(secret, 'utf8').digest();
const storedHash = hmac(process.env.BENCH_CLIENT_SECRET);
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const header = Buffer.from(JSON.stringify({ alg: 'ES256', kid: randomUUID(), typ: 'at+jwt' })).toString('base64url');

class TokenController {
  token(req) {
    const auth = req.headers.authorization ?? '';
    const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const ok = /^basic /i.test(auth) && colon > 0 && timingSafeEqual(hmac(decodeURIComponent(decoded.slice(colon + 1))), storedHash);
    if (!ok || decodeURIComponent(decoded.slice(0, colon)) !== clientId) throw new UnauthorizedException({ error: 'invalid_client' });
    const iat = Math.floor(Date.now() / 1000);
    const scope = req.body.scope ?? '';
    const claims = { iss: issuer, sub: clientId, aud: issuer, client_id: clientId, scope, jti: randomUUID(), iat, exp: iat + 3600, token_use: 'access' };
    const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
    return { access_token: `${input}.${signature.toString('base64url')}`, token_type: 'Bearer', expires_in: 3600, scope };
  }
  ready() {
    return { ok: true };
  }
}
const method = (name) => Object.getOwnPropertyDescriptor(TokenController.prototype, name);
Reflect.decorate([Post('oauth/token'), HttpCode(200), Header('Cache-Control', 'no-store')], TokenController.prototype, 'token', method('token'));
Req()(TokenController.prototype, 'token', 0);
Reflect.defineMetadata('design:paramtypes', [Object], TokenController.prototype, 'token');
Reflect.decorate([require('@nestjs/common').Get('ready')], TokenController.prototype, 'ready', method('ready'));
Controller()(TokenController);
class FloorModule {}
Module({ controllers: [TokenController] })(FloorModule);

(async () => {
  const app = await NestFactory.create(FloorModule, { logger: false, bodyParser: false });
  app.disable('x-powered-by');
  app.useBodyParser('urlencoded', { limit: 64 * 1024, extended: false });
  app.enableShutdownHooks();
  await app.listen(port, '127.0.0.1');
})();
