// Self time per function from a V8 .cpuprofile: each sample is charged to the node it hit, for the
// time until the next sample (timeDeltas[i + 1]); nodes are grouped by function and source line,
// and also by package (noble, asn1js, our core / x509 / node packages, Node internals, GC).
// Total (inclusive) time too: a sample counts once for every distinct function on its stack.
import { readFileSync } from 'node:fs';

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface CpuProfile { nodes: { id: number; callFrame: CallFrame; children?: number[] }[]; samples: number[]; timeDeltas: number[] }

export interface SelfTime { name: string; where: string; ms: number; share: number }

/** Shortens a script URL to `package/path`, e.g. `@noble/ciphers/aes.js` or `core/src/record/protection.ts`. */
function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) return path.slice(nm + '/node_modules/'.length);
  const pk = path.indexOf('/packages/');
  return pk >= 0 ? path.slice(pk + '/packages/'.length) : path;
}

/** Which package a frame belongs to: `@noble/ciphers`, `asn1js`, `puretls core`, `node:internal`, `(gc)`... */
function packageOf(f: CallFrame): string {
  if (f.url === '') return f.functionName.startsWith('(') ? f.functionName.replace('garbage collector', 'gc') : '(native)';
  if (f.url.startsWith('node:')) return 'node:internal';
  const short = shortUrl(f.url);
  const parts = short.split('/');
  if (f.url.includes('/node_modules/')) return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  return f.url.includes('/packages/') ? `puretls ${parts[0]}` : short;
}

/** The `top` functions by self time, with their share of the profile's total, and time per package. */
export function topSelfTime(file: string, top = 15): { totalMs: number; rows: SelfTime[]; packages: [string, number][] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const byFunction = new Map<string, SelfTime>();
  const byPackage = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i + 1] ?? 0;
    const f = frames.get(id)!;
    byPackage.set(packageOf(f), (byPackage.get(packageOf(f)) ?? 0) + us / 1000);
    const where = f.url === '' ? '' : `${shortUrl(f.url)}:${f.lineNumber + 1}`;
    const key = `${f.functionName}@${where}`;
    const row = byFunction.get(key) ?? { name: f.functionName || '(anonymous)', where, ms: 0, share: 0 };
    row.ms += us / 1000;
    total += us / 1000;
    byFunction.set(key, row);
  });
  if (process.env.PROFILE_TOP) top = Number(process.env.PROFILE_TOP);
  const rows = [...byFunction.values()].sort((a, b) => b.ms - a.ms).slice(0, top);
  for (const r of rows) r.share = r.ms / total;
  return { totalMs: total, rows, packages: [...byPackage.entries()].sort((a, b) => b[1] - a[1]) };
}

/** Prints the top list as a small table. */
export function printTopSelfTime(title: string, file: string, top = 15): void {
  const { totalMs, rows, packages } = topSelfTime(file, top);
  console.log(`\n${title}: top ${top} by self time (of ${totalMs.toFixed(0)} ms sampled; ${file})`);
  console.log('   self ms      %  function                         where');
  for (const r of rows) {
    console.log(`${r.ms.toFixed(1).padStart(9)} ${(r.share * 100).toFixed(1).padStart(6)}  ${r.name.padEnd(32)} ${r.where}`);
  }
  const shares = packages.filter(([, ms]) => ms / totalMs >= 0.01).map(([name, ms]) => `${name} ${((ms / totalMs) * 100).toFixed(0)}%`);
  console.log(`   by package: ${shares.join(', ')}`);
}

/**
 * The `top` functions by total time (their own and their callees'), in ms per `unit` (a profile
 * of 50 handshakes: unit 50 gives ms per handshake). Recursion counts a sample once.
 */
export function printTopTotalTime(title: string, file: string, unit: number, top = 40): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (f: CallFrame) => `${f.functionName || '(anonymous)'} ${f.url === '' ? '' : `${shortUrl(f.url)}:${f.lineNumber + 1}`}`;
  const total = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    all += ms;
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) onStack.add(key(byId.get(at)!.callFrame));
    for (const k of onStack) total.set(k, (total.get(k) ?? 0) + ms);
  });
  const rows = [...total.entries()].filter(([k]) => !k.startsWith('(root)')).sort((a, b) => b[1] - a[1]).slice(0, top);
  console.log(`\n${title}: top ${top} by total time, ms per unit of ${unit} (of ${(all / unit).toFixed(2)} ms sampled per unit)`);
  for (const [k, ms] of rows) console.log(`${(ms / unit).toFixed(3).padStart(9)} ${((ms / all) * 100).toFixed(1).padStart(6)}  ${k}`);
}
