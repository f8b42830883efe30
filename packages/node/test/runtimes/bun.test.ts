// The packed @puretls/core and @puretls/x509 under Bun (pinned by scripts/runtimes.mjs), over
// `Bun.connect`: see suite.ts for the cases and bun_client.ts for the client. `--no-install` keeps
// Bun from fetching packages: everything resolves from the packed project's node_modules.
import { runtimeSuite } from './suite.js';

runtimeSuite('bun', ({ client, port, root, serverName, extra }) => ({
  args: ['run', '--no-install', client, String(port), root, serverName, ...extra],
  env: { ...process.env, DO_NOT_TRACK: '1' },
}));
