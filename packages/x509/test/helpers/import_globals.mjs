// Run as a child process by globals.test.ts: records the own property names (and symbols) of
// globalThis and Reflect, imports @puretls/x509's sources through tsx, and prints what changed.
import { register } from 'tsx/esm/api';

register();
const snapshot = () => ({ globalThis: Reflect.ownKeys(globalThis).map(String), Reflect: Reflect.ownKeys(Reflect).map(String) });
const before = snapshot();
await import(process.argv[2]);
const after = snapshot();
const diff = (a, b) => ({ added: b.filter((k) => !a.includes(k)), removed: a.filter((k) => !b.includes(k)) });
process.stdout.write(JSON.stringify({ globalThis: diff(before.globalThis, after.globalThis), Reflect: diff(before.Reflect, after.Reflect) }));
