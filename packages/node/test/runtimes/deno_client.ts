// A TLS 1.3 client run by Deno (`deno run --allow-net=127.0.0.1:<port> --allow-read=<root.pem>
// deno_client.ts <port> <root.pem> <serverName>`) from the scratch project where the packed
// @puretls tarballs are installed: Deno resolves `@puretls/*` from its package.json and
// node_modules. The shipped engine and verifier run over Deno's own TCP connection
// (`Deno.connect`); no `node:` module is involved. Sends `GET /` to `openssl s_server -www`, reads
// to close_notify and prints one JSON line (see `Result`). Type-checked in the workspace against
// the declarations below, which name only the part of Deno's API used here.
import { TlsClient, TlsError, type CertificateVerifier, type Status } from '@puretls/core';
import { TrustStore, WebPkiVerifier } from '@puretls/x509';

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
interface Result {
  runtime: 'deno';
  runtimeVersion: string;
  /** Where `@puretls/core` resolved: the packed project's node_modules. */
  engine: string;
  ok: boolean;
  protocol?: string;
  cipherSuite?: string;
  verified: boolean;
  answerStartsWith?: string;
  error?: { name: string; category?: string; alert?: string | undefined; message: string };
}

const [port, rootFile, serverName] = Deno.args;
const result: Result = { runtime: 'deno', runtimeVersion: Deno.version.deno, engine: import.meta.resolve('@puretls/core'), ok: false, verified: false };
const conn = await Deno.connect({ hostname: '127.0.0.1', port: Number(port), transport: 'tcp' });
/** Received bytes the engine did not take yet. */
const inbound: Uint8Array[] = [];

/** Writes all of `bytes`, a partial write at a time (each write resolves once the socket took it). */
async function send(bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.length; ) at += await conn.write(bytes.subarray(at));
}

/** The next received bytes, or null at end of stream. */
async function next(): Promise<Uint8Array | null> {
  const kept = inbound.shift();
  if (kept !== undefined) return kept;
  const buf = new Uint8Array(32 * 1024);
  const n = await conn.read(buf);
  return n === null ? null : buf.subarray(0, n);
}

const verifier = new WebPkiVerifier({ roots: TrustStore.fromPem(await Deno.readTextFile(rootFile!)) });
const recording: CertificateVerifier = {
  verifyServerCertificate: (input) => {
    verifier.verifyServerCertificate(input);
    result.verified = true;
  },
};
const client = new TlsClient({ serverName: serverName!, verifier: recording });

/** The engine loop: retry `op` until it needs no more I/O (OK / WANT_READ / WANT_WRITE / want-async). */
async function drive<T extends Status | { status: Status }>(op: () => T): Promise<T> {
  for (;;) {
    const r = op();
    const status = typeof r === 'string' ? r : r.status;
    await send(client.takeOutgoing());
    if (status === 'want-async') await client.pendingWork();
    else if (status === 'want-read') {
      const chunk = await next();
      if (chunk === null) client.receiveEof();
      else {
        const taken = client.receive(chunk);
        if (taken < chunk.length) inbound.unshift(chunk.subarray(taken));
      }
    } else if (status !== 'want-write') return r;
  }
}

try {
  await drive(() => client.handshake());
  result.protocol = client.info?.version;
  result.cipherSuite = client.info?.cipherSuiteName;
  const request = new TextEncoder().encode('GET / HTTP/1.0\r\n\r\n');
  for (let at = 0; at < request.length; ) {
    const w = await drive(() => client.write(request.subarray(at)));
    if (w.status === 'ok') at += w.written;
  }
  let answer = '';
  const decoder = new TextDecoder();
  for (;;) {
    const r = await drive(() => client.read());
    if (r.status !== 'ok') break;
    answer += decoder.decode(r.data, { stream: true });
  }
  result.answerStartsWith = answer.slice(0, 64);
  result.ok = true;
  // Our close_notify in reply; the server may have closed its socket after its own already.
  await drive(() => client.shutdown()).catch(() => {});
} catch (e) {
  const err = e as Error;
  result.error = { name: err.name, message: err.message, ...(e instanceof TlsError ? { category: e.category, alert: e.alertName } : {}) };
  await send(client.takeOutgoing()).catch(() => {}); // the alert, if the engine queued one
}
try {
  conn.close();
} catch {
  // already closed by the server
}
console.log(JSON.stringify(result));
