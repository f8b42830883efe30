// `pnpm --filter @puretls/x509 limbo <limbo.json> [--json <out>]`: runs every SERVER case, prints
// the summary, exits 0 only when no case fails.
import { readFileSync, writeFileSync } from 'node:fs';
import { limboResult, runLimbo, type LimboCase } from './harness.js';

const args = process.argv.slice(2);
const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--json');
const jsonAt = args.indexOf('--json');
const out = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
if (file === undefined || (jsonAt >= 0 && out === undefined)) {
  console.error('usage: limbo <path-to-limbo.json> [--json <out>]');
  process.exit(1);
}
const limbo = JSON.parse(readFileSync(file, 'utf8')) as { testcases: LimboCase[] };
const { results, summary } = runLimbo(limbo, Date.now());
for (const r of results) {
  if (r.actual_result === 'SKIPPED') console.log(`SKIP  ${r.id}: ${r.context}`);
  else if (r.actual_result !== r.expected) console.log(`FAIL  ${r.id}: expected ${r.expected}, got ${r.actual_result} (${r.context})`);
}
console.log(`\n${summary.run} run, ${summary.passed} passed (${(summary.passRate * 100).toFixed(1)}%), ${summary.wrongAcceptances.length} wrong acceptances, ${summary.wrongRejections.length} wrong rejections, ${summary.skipped} skipped`);
if (out !== undefined) writeFileSync(out, JSON.stringify(limboResult(results), null, 2) + '\n');
process.exit(summary.wrongAcceptances.length + summary.wrongRejections.length === 0 ? 0 : 2);
