// The node:tls side of the load and cold jobs (load_worker.ts, cold_worker.mjs): plain JavaScript,
// so the cold worker can run on plain node beside the installed packages (load.ts copies both).
import { once } from 'node:events';

/**
 * node:tls loaded now, as one `connect` function resolving once the handshake is complete.
 *
 * @example
 * const connect = await nodeTlsConnector({ host: '127.0.0.1', port, servername: 'localhost', ca });
 */
export async function nodeTlsConnector(opts) {
  const tls = await import('node:tls');
  return async () => {
    const s = tls.connect({ ...opts, minVersion: 'TLSv1.3' });
    await once(s, 'secureConnect');
    return s;
  };
}
