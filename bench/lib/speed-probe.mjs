// Fixed-work probe of a core's current speed: ES256 signatures per second over ~400 ms. bench/run.mjs
// runs it pinned to the server core before every measured run: on a VM the same core can be
// markedly slower at times (host contention, invisible to the guest), and this shows when.
import { generateKeyPairSync, sign } from 'node:crypto';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const data = Buffer.alloc(300, 7);
for (let i = 0; i < 200; i++) sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
const start = process.hrtime.bigint();
let count = 0;
let elapsed = 0;
for (let batch = 0; batch < 10_000 && elapsed < 0.4; batch++) {
  for (let i = 0; i < 50; i++) sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  count += 50;
  elapsed = Number(process.hrtime.bigint() - start) / 1e9;
}
process.stdout.write(`${Math.round(count / elapsed)}\n`);
