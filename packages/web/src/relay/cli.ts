#!/usr/bin/env node
/**
 * The relay as a command:
 *
 *   puretls-relay --listen 127.0.0.1:8080 --target localhost:8443 --origin http://127.0.0.1:8000
 *
 * It prints one line per connection opened, refused or closed (never any relayed bytes) and stops
 * on SIGINT / SIGTERM.
 */
import { formatHostPort } from './address.js';
import { parseRelayArgs } from './args.js';
import { startRelay } from './relay.js';

let options;
try {
  options = parseRelayArgs(process.argv.slice(2));
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
const target = typeof options.target === 'string' ? options.target : formatHostPort(options.target);
const relay = await startRelay({
  ...options,
  onEvent: (e) => console.log(e.kind === 'refused' ? `refused (${e.reason}) origin=${e.origin ?? '-'}` : `${e.kind} #${e.id}`),
});
console.log(`relay listening on ${relay.url}, forwarding to ${target}; origins: ${options.allowedOrigins.join(' ')}`);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => void relay.close().then(() => process.exit(0)));
}
