// A child process of idle-memory.test.ts (run with --expose-gc through tsx): opens `count`
// puretls connections to 127.0.0.1:`port` and keeps them idle, writing a heap snapshot before
// (after a few connections opened and closed, so that what all connections share is there) and
// one after. Arguments: port, CA file, count, the two snapshot paths. Prints "ok <count>" at the end.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeHeapSnapshot } from 'node:v8';
import { connect, type TlsSocket } from '../../src/index.js';

const [port, caFile, countText, before, after] = process.argv.slice(2) as [string, string, string, string, string];
const ca = readFileSync(caFile, 'utf8');
const count = Number(countText);
const open = () => connect({ host: '127.0.0.1', port: Number(port), servername: 'localhost', ca });
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

for (const s of await Promise.all(Array.from({ length: 5 }, open))) s.destroy();
await sleep(100);
gc();
writeHeapSnapshot(before);
const kept: TlsSocket[] = [];
for (let i = 0; i < count; i += 50) kept.push(...(await Promise.all(Array.from({ length: Math.min(50, count - i) }, open))));
for (const s of kept) s.resume(); // read what arrives (tickets), as an idle application would
await sleep(300);
gc();
writeHeapSnapshot(after);
console.log(`ok ${kept.length}`);
for (const s of kept) s.destroy();
