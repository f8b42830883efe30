// A TLS 1.3 client run by Deno (`deno run --allow-net=127.0.0.1:<port> --allow-read=<root.pem>
// deno_streams_client.ts <port> <root.pem> <serverName>`) from the scratch project where the packed
// @puretls tarballs are installed, like deno_client.ts next to it, but through the shipped
// transport instead of a hand-written pump: `connectOverStreams(await Deno.connect(...), config)`
// from `@puretls/web`, over the `readable` / `writable` of Deno's own TCP connection. No `node:`
// module is involved. Sends `GET /` to `openssl s_server -www`, reads to close_notify, closes and
// prints one JSON line (see `Result`).
//
// `@puretls/web` is imported dynamically so the workspace type check (packages/node, which does not
// depend on @puretls/web) takes its types from the web package's sources; Deno resolves the
// specifier from the packed project's node_modules like the static imports.
import { TlsError, type CertificateVerifier } from '@puretls/core';
import { TrustStore, WebPkiVerifier } from '@puretls/x509';

type Web = typeof import('../../../web/src/index.js');

/** The part of Deno's API used here: a TCP connection is a pair of WHATWG streams. */
interface DenoTcpConn {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
}
declare const Deno: {
  readonly version: { readonly deno: string };
  readonly args: readonly string[];
  readTextFile(path: string): Promise<string>;
  connect(options: { hostname: string; port: number; transport: 'tcp' }): Promise<DenoTcpConn>;
};

/** What the client prints: the runtimes harness's `ClientResult`, plus what is specific here. */
interface Result {
  runtime: 'deno';
  runtimeVersion: string;
  /** Where `@puretls/core` resolved: the packed project's node_modules. */
  engine: string;
  /** Where `@puretls/web` resolved. */
  web: string;
  transport: 'connectOverStreams';
  ok: boolean;
  protocol?: string;
  cipherSuite?: string;
  verified: boolean;
  answerStartsWith?: string;
  /** True once `conn.closed` resolved after `conn.close()`. */
  closed: boolean;
  error?: { name: string; category?: string; alert?: string | undefined; problem?: string; message: string };
}

const [port, rootFile, serverName] = Deno.args;
const webSpecifier: string = '@puretls/web';
const result: Result = {
  runtime: 'deno',
  runtimeVersion: Deno.version.deno,
  engine: import.meta.resolve('@puretls/core'),
  web: import.meta.resolve(webSpecifier),
  transport: 'connectOverStreams',
  ok: false,
  verified: false,
  closed: false,
};

try {
  const { connectOverStreams } = (await import(webSpecifier)) as Web;
  const verifier = new WebPkiVerifier({ roots: TrustStore.fromPem(await Deno.readTextFile(rootFile!)) });
  const recording: CertificateVerifier = {
    verifyServerCertificate: (input) => {
      verifier.verifyServerCertificate(input);
      result.verified = true;
    },
  };
  const conn = await connectOverStreams(await Deno.connect({ hostname: '127.0.0.1', port: Number(port), transport: 'tcp' }), { serverName: serverName!, verifier: recording });
  result.protocol = conn.info.version;
  result.cipherSuite = conn.info.cipherSuiteName;
  await conn.write('GET / HTTP/1.0\r\n\r\n');
  let answer = '';
  const decoder = new TextDecoder();
  for await (const chunk of conn) answer += decoder.decode(chunk, { stream: true });
  result.answerStartsWith = answer.slice(0, 64);
  result.ok = true;
  await conn.close(); // our close_notify, then the writable and the readable
  await conn.closed;
  result.closed = true;
} catch (e) {
  const err = e as Error & { problem?: string };
  result.error = { name: err.name, message: err.message, ...(e instanceof TlsError ? { category: e.category, alert: e.alertName } : {}), ...(err.problem !== undefined ? { problem: err.problem } : {}) };
}
console.log(JSON.stringify(result));
