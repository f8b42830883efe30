// `--import ./built.mjs`: the benchmark runs the packages as they ship, the JavaScript that
// `pnpm build` writes to packages/*/dist (what npm users run), not their TypeScript sources
// through tsx: tsx's transform adds work the shipped code does not do (esbuild's keepNames wraps
// every named inner function in a __name() call each time it is made), ~0.1-0.2 ms per handshake
// here. The bench's own files stay TypeScript (tsx still loads them).
import { register } from 'node:module';

register('./built_resolve.mjs', import.meta.url);
