// Self time per function from a Chromium CPU profile (CDP Profiler.stop's profile) of the
// benchmark page. The page is bundled unminified when profiled, so function names survive, and
// esbuild starts each module of the bundle with a `// path/to/module.ts` comment: a frame's line
// in page.js is mapped back to the module it falls in.

interface CallFrame { functionName: string; url: string; lineNumber: number }
/** The part of a CDP `Profiler.Profile` this reads. */
export interface CpuProfile { nodes: { id: number; callFrame: CallFrame }[]; samples?: number[]; timeDeltas?: number[] }

/** For each line of the bundle (0-based), the module it belongs to. */
function moduleLines(bundle: string): string[] {
  let current = '(bundle)';
  return bundle.split('\n').map((line) => {
    const m = /^\/\/ ((?:\.\.\/|packages\/|node_modules\/)\S+\.(?:ts|js|mjs))$/.exec(line);
    if (m) current = m[1]!.replace(/^(\.\.\/)+/, '').replace(/^.*node_modules\//, '');
    return current;
  });
}

/**
 * Prints the `top` functions by self time (ms and share of the samples), then time per module
 * group (noble, subtls, puretls core / x509 / web, the browser's own), for `title`.
 *
 * @example
 * printTopSelfTime('puretls webcrypto', profile, bundleJs, 'page.js');
 */
export function printTopSelfTime(title: string, profile: CpuProfile, bundle: string, bundleName: string, top = 20): void {
  const lines = moduleLines(bundle);
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const byFunction = new Map<string, { name: string; where: string; ms: number }>();
  const byGroup = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let total = 0;
  samples.forEach((id, i) => {
    // A sample's time runs until the next sample.
    const ms = (deltas[i + 1] ?? 0) / 1000;
    const f = frames.get(id)!;
    const inBundle = f.url.endsWith('/' + bundleName);
    const module = inBundle ? (lines[f.lineNumber] ?? '(bundle)') : f.url === '' ? f.functionName : f.url;
    const where = inBundle ? `${module} (${bundleName}:${f.lineNumber + 1})` : f.url;
    const key = `${f.functionName}@${where}`;
    const row = byFunction.get(key) ?? { name: f.functionName || '(anonymous)', where, ms: 0 };
    row.ms += ms;
    byFunction.set(key, row);
    const group = inBundle ? module.split('/').slice(0, module.startsWith('@') || module.startsWith('packages/') ? 2 : 1).join('/') : f.url === '' ? f.functionName : '(other scripts)';
    byGroup.set(group, (byGroup.get(group) ?? 0) + ms);
    total += ms;
  });
  const idle = byGroup.get('(idle)') ?? 0;
  console.log(`\n${title}: top ${top} by self time (of ${total.toFixed(0)} ms sampled, ${(total - idle).toFixed(0)} ms not idle)`);
  console.log('   self ms      %  function                           where');
  for (const r of [...byFunction.values()].sort((a, b) => b.ms - a.ms).slice(0, top)) {
    console.log(`${r.ms.toFixed(1).padStart(9)} ${((r.ms / total) * 100).toFixed(1).padStart(6)}  ${r.name.padEnd(34)} ${r.where}`);
  }
  const groups = [...byGroup.entries()].sort((a, b) => b[1] - a[1]).filter(([, ms]) => ms / total >= 0.01);
  console.log(`   by module group: ${groups.map(([g, ms]) => `${g} ${((ms / total) * 100).toFixed(0)}%`).join(', ')}`);
}
