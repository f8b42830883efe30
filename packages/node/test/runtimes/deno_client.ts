// A TLS 1.3 client run by Deno (`deno run --allow-net=127.0.0.1:<port> --allow-read=<root.pem>
// deno_client.ts <port> <root.pem> <serverName> [<ECHConfigList base64>]`) from the scratch
// project where the packed @puretls tarballs are installed: Deno resolves `@puretls/*` from its
// package.json and node_modules. The shipped engine and verifier run over Deno's own TCP connection
// (`Deno.connect`); no `node:` module is involved. Sends `GET /` to `openssl s_server -www`, reads
// to close_notify and prints one JSON line (see `Result`). Type-checked in the workspace against
// the declarations below, which name only the part of Deno's API used here.
import { runSession, type SessionResult } from './session.ts';

/** Deno's TCP connection: `write` may take part of the bytes; `read` resolves null at end of stream. */
interface DenoConn {
  read(into: Uint8Array): Promise<number | null>;
  write(data: Uint8Array): Promise<number>;
  close(): void;
}
declare const Deno: {
  readonly version: { readonly deno: string };
  readonly args: readonly string[];
  readTextFile(path: string): Promise<string>;
  connect(options: { hostname: string; port: number; transport: 'tcp' }): Promise<DenoConn>;
};

/** What the client prints. */
interface Result extends SessionResult {
  runtime: 'deno';
  runtimeVersion: string;
  /** Where `@puretls/core` resolved: the packed project's node_modules. */
  engine: string;
}

const [port, rootFile, serverName, ech] = Deno.args;
const result: Result = { runtime: 'deno', runtimeVersion: Deno.version.deno, engine: import.meta.resolve('@puretls/core'), ok: false, verified: false };
const conn = await Deno.connect({ hostname: '127.0.0.1', port: Number(port), transport: 'tcp' });
/** Writes all of `bytes`, a partial write at a time (each write resolves once the socket took it). */
async function send(bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.length; ) at += await conn.write(bytes.subarray(at));
}

/** The next received bytes, or null at end of stream. */
async function next(): Promise<Uint8Array | null> {
  const buf = new Uint8Array(32 * 1024);
  const n = await conn.read(buf);
  return n === null ? null : buf.subarray(0, n);
}

await runSession({ send, next }, await Deno.readTextFile(rootFile!), serverName!, result, ech);
try {
  conn.close();
} catch {
  // already closed by the server
}
console.log(JSON.stringify(result));
