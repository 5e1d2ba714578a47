import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserAgent } from '../../support/browser-agent';
import { freePort, ServerProcess } from '../../support/server-process';

/** `npm run demo` on the embedded database: following its printed instructions yields tokens (PGlite smoke run). */
describe('npm run demo', () => {
  let demo: ServerProcess | undefined;

  afterAll(async () => {
    demo?.kill();
    await demo?.exited;
  });

  it('prints instructions that work: client_credentials, then sign-in and code exchange', async () => {
    const port = await freePort();
    const base = `http://localhost:${port}`;
    demo = ServerProcess.start('demo', {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'rapidauth-demo-')),
      PORT: String(port),
      ADMIN_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    });
    const deadline = Date.now() + 60_000;
    while (!demo.stdout.includes('code=PASTE_CODE') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const output = demo.stdout;
    expect(output).toContain('RapidAuth demo is running.');

    const [, appKey, appSecret] = /-u '([^:']+):([^']+)'/.exec(output)!;
    const cc = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${appKey}:${appSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=demo%3Aread',
    });
    expect(cc.status).toBe(200);

    const authorizeUrl = /^\s+(http:\/\/localhost:\d+\/v3\/oauth\/auth\?\S+)$/m.exec(output)![1];
    const verifier = /code_verifier=(\S+)/.exec(output)![1];
    const clientId = /Native app client:\s+(\S+)/.exec(output)![1];
    const agent = new BrowserAgent();
    const page = await agent.get(authorizeUrl);
    const callback = await agent.post(`${base}/v3/oauth/login`, { login_tx: page.loginTx, username: 'demo', password: 'demo-password-123' });
    const code = new URL(callback.location).searchParams.get('code')!;
    const exchanged = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, redirect_uri: 'http://127.0.0.1:8080/callback', code_verifier: verifier, code }),
    });
    expect(exchanged.status).toBe(200);
    expect(await exchanged.json()).toMatchObject({ token_type: 'Bearer', refresh_token: expect.any(String), id_token: expect.any(String) });
  }, 90_000);
});
