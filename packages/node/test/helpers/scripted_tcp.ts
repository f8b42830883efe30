// core's ScriptedServer (a TLS 1.3 server built from the engine's own codecs, every message
// mutable) served over real TCP on 127.0.0.1, for hostile and malformed servers. Its certificate is
// RFC 8448's, so clients use an accept-all verifier or a custom one.
import type { Socket } from 'node:net';
import { ScriptedServer, type Mutations } from '../../../core/test/helpers/scripted_server.js';
import { tcpServer, type Running } from './node_servers.js';

export { ScriptedServer, type Mutations };

/** After the client's Finished: the server may now send records with `server.seal()` / `appData()`. */
export type AfterHandshake = (server: ScriptedServer, socket: Socket) => void;

/** A scripted server per TCP connection; `after` runs once the client's Finished arrived. */
export function scriptedTcpServer(m: Mutations = {}, after?: AfterHandshake): Promise<Running> {
  return tcpServer((socket) => {
    const server = new ScriptedServer(m);
    let done = false;
    socket.on('data', (d: Buffer) => {
      let out: Uint8Array;
      try {
        out = server.respond(d);
      } catch {
        socket.destroy();
        return;
      }
      if (out.length > 0) socket.write(out);
      if (!done && server.receivedHandshake.includes(20)) {
        done = true;
        after?.(server, socket);
      }
    });
  });
}
