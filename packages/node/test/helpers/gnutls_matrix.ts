// Runs the gnutls-serv interop cases (gnutls_cases.ts) and prints ONE JSON line (GnutlsReport)
// to stdout. Meant to run inside a fresh network namespace, as interop-gnutls.test.ts starts it:
//   unshare -n node_modules/.bin/tsx packages/node/test/helpers/gnutls_matrix.ts [--crypto=node|noble] [case names]
// gnutls-serv binds every interface, so this refuses to run where any interface but loopback
// exists. Each server is started on a free loopback port, awaited by reading its own
// "... listening on IPv4 0.0.0.0 port N...done" line (no sleeps, no port probing), and stopped by
// its PID once the client is done.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { HandshakeType, type TraceEvent } from '@puretls/core';
import { connect, type TlsSocket } from '../../src/index.js';
import { CASES, mismatch, type GnutlsCase, type GnutlsReport, type GnutlsResult } from './gnutls_cases.js';

const PKI = fileURLToPath(new URL('../../../../fixtures/pki/good/', import.meta.url));
/** Longest wait for gnutls-serv to say it listens, and for one client exchange. */
const STEP_MS = 15_000;

/** Fails unless loopback is the only interface, then brings it up. */
function setUpNamespace(): void {
  const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' })
    .split('\n').filter((l) => l.trim() !== '').map((l) => l.split(':')[1]!.trim().replace(/@.*$/, ''));
  if (links.length !== 1 || links[0] !== 'lo') {
    throw new Error(`not in a fresh network namespace (interfaces: ${links.join(', ')}); run under 'unshare -n'`);
  }
  execFileSync('ip', ['link', 'set', 'lo', 'up']);
}

/** A port that is free on 127.0.0.1 right now. */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', resolve);
  });
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

interface Server {
  proc: ChildProcess;
  port: number;
  /** Everything the server printed so far (stdout and stderr). */
  log: () => string;
}

/** Starts gnutls-serv for a case and resolves once it printed that it listens on IPv4. */
async function startServer(c: GnutlsCase): Promise<Server> {
  const port = await freePort();
  const dir = `${PKI}${c.cert}/`;
  const args = [
    c.mode === 'echo' ? '--echo' : '--http',
    '--port', String(port),
    '--x509certfile', `${dir}chain.pem`,
    '--x509keyfile', `${dir}leaf.key`,
    '--priority', c.priority,
    ...(c.clientCert !== undefined ? ['--x509cafile', `${PKI}../client/${c.clientCert}/root.pem`] : []),
    ...(c.serverArgs ?? []),
  ];
  const proc = spawn('gnutls-serv', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const server: Server = { proc, port, log: () => out };
  const ready = new RegExp(`listening on IPv4 \\S+ port ${port}\\.\\.\\.done`);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`gnutls-serv did not report listening within ${STEP_MS} ms`)), STEP_MS);
    const onData = (d: Buffer) => {
      out += d.toString('utf8');
      if (ready.test(out)) done();
    };
    const onExit = (code: number | null, sig: string | null) => fail(new Error(`gnutls-serv exited (${code ?? sig}) before listening`));
    const cleanup = () => {
      clearTimeout(timer);
      proc.off('exit', onExit);
      proc.off('error', fail);
    };
    function done() { cleanup(); resolve(); }
    function fail(e: Error) { cleanup(); stopServer(server).finally(() => reject(new Error(`${e.message}; args ${JSON.stringify(args)}; output: ${out.trim()}`))); }
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', onExit);
    proc.once('error', fail);
  });
  return server;
}

/** Stops the server by its PID and waits for it to exit. */
async function stopServer(s: Server): Promise<void> {
  if (s.proc.exitCode !== null || s.proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => s.proc.once('exit', () => resolve()));
  if (s.proc.pid !== undefined) process.kill(s.proc.pid, 'SIGTERM');
  const timer = setTimeout(() => { if (s.proc.pid !== undefined && s.proc.exitCode === null) process.kill(s.proc.pid, 'SIGKILL'); }, 5000);
  await exited;
  clearTimeout(timer);
}

/** Reads until the predicate holds on all text received, or the stream ends (resolves with the text). */
function readText(sock: TlsSocket, until: (text: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => finish(new Error(`no complete response within ${STEP_MS} ms (got ${JSON.stringify(text.slice(0, 200))})`)), STEP_MS);
    const onData = (d: Buffer) => {
      text += d.toString('latin1');
      if (until(text)) finish();
    };
    const onEnd = () => finish();
    function finish(e?: Error) {
      clearTimeout(timer);
      sock.off('data', onData);
      sock.off('end', onEnd);
      sock.off('error', finish);
      if (e !== undefined) reject(e);
      else resolve(text);
    }
    sock.on('data', onData);
    sock.once('end', onEnd);
    sock.once('error', finish);
  });
}

async function runCase(c: GnutlsCase, crypto: 'node' | 'noble'): Promise<GnutlsResult> {
  const ca = readFileSync(`${PKI}${c.clientRoot ?? c.cert}/root.pem`, 'utf8');
  let server: Server | undefined;
  let sock: TlsSocket | undefined;
  const r: Omit<GnutlsResult, 'name' | 'ok'> = { tickets: 0, compressedCertificates: 0, offeredCompression: null };
  // The trace shows what crossed the wire: our compress_certificate offer, the server's CompressedCertificate.
  const trace = (e: TraceEvent) => {
    if (e.kind !== 'handshake') return;
    if (e.direction === 'out' && e.type === HandshakeType.client_hello) r.offeredCompression = e.fields.compress_certificate ?? null;
    if (e.direction === 'in' && e.type === HandshakeType.compressed_certificate) r.compressedCertificates = (r.compressedCertificates ?? 0) + 1;
  };
  try {
    server = await startServer(c);
    sock = await connect({
      host: '127.0.0.1',
      port: server.port,
      servername: 'localhost',
      ca,
      timeout: STEP_MS,
      crypto,
      ...c.client,
      trace,
      ...(c.clientCert !== undefined ? { key: readFileSync(`${PKI}../client/${c.clientCert}/leaf.key`), cert: readFileSync(`${PKI}../client/${c.clientCert}/chain.pem`) } : {}),
      engine: { onSessionTicket: () => { r.tickets = (r.tickets ?? 0) + 1; } },
    });
    const info = sock.info!;
    Object.assign(r, {
      suite: sock.getCipher()?.name,
      group: info.groupName,
      hrr: info.helloRetryRequest,
      signatureScheme: info.signatureSchemeName,
      alpn: sock.alpnProtocol,
      certificateCompression: info.certificateCompressionName ?? null,
      ocsp: info.ocspResponse === undefined ? null : Buffer.from(info.ocspResponse).toString('hex'),
    });
    if (!sock.authorized) throw new Error(`chain not authorized: ${sock.authorizationError}`);
    // Every default ClientHello carries GREASE ECH (RFC 9849 §6.2); gnutls-serv 3.7.9 has no ECH and ignores it.
    if (info.ech !== 'grease') throw new Error(`info.ech is ${info.ech}, not grease`);
    if (c.mode === 'http') {
      // HTTP/1.0: the server closes after the page; read to the end (close_notify).
      const reading = readText(sock, () => false);
      sock.write('GET / HTTP/1.0\r\n\r\n');
      const page = await reading;
      r.response = page.split(/\r?\n/)[0];
      if (c.expect.pageContains !== undefined) r.page = page.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').slice(0, 4000);
      if (!/^HTTP\/1\.[01] 200 /.test(page)) throw new Error(`not a 200 response: ${JSON.stringify(page.slice(0, 200))}`);
      if (!/<\/HTML>/i.test(page)) throw new Error(`page incomplete (${page.length} bytes): ${JSON.stringify(page.slice(-200))}`);
    } else if (c.mode === 'read') {
      const text = await readText(sock, () => false);
      r.response = `ended after ${text.length} bytes`;
    } else {
      // Two round trips: the ticket arrives before the first echoed bytes.
      for (const line of ['hello from puretls\n', `${'x'.repeat(5000)}\n`]) {
        const reading = readText(sock, (t) => t.endsWith('\n'));
        sock.write(line);
        const back = await reading;
        if (back !== line) throw new Error(`echo mismatch: sent ${line.length} bytes, got ${JSON.stringify(back.slice(0, 100))} (${back.length} bytes)`);
      }
      r.response = 'echoed';
      const ex = c.expect.exporter;
      if (ex !== undefined) r.exported = { ours: sock.exportKeyingMaterial(ex.length, ex.label).toString('hex'), server: /- Key material: ([0-9a-f]+)/.exec(server.log())?.[1] };
      await new Promise<void>((resolve) => sock!.end(resolve));
    }
    if (c.failure !== undefined) return { name: c.name, ok: false, ...r, error: `expected a failure matching ${String(c.failure)}, but the exchange succeeded` };
    const why = mismatch(c, r);
    return { name: c.name, ok: why === undefined, ...r, ...(why === undefined ? {} : { error: why }) };
  } catch (e) {
    const err = e as Error & { code?: string };
    const error = `${err.code ?? err.name}: ${err.message}`;
    if (c.failure !== undefined) return { name: c.name, ok: c.failure.test(error), ...r, error };
    const log = server?.log().trim().split('\n').slice(-8).join(' | ');
    return { name: c.name, ok: false, ...r, error: `${error}${log ? ` [gnutls-serv: ${log}]` : ''}` };
  } finally {
    sock?.destroy();
    if (server !== undefined) await stopServer(server);
  }
}

async function main(): Promise<void> {
  setUpNamespace();
  const gnutlsVersion = execFileSync('gnutls-serv', ['--version'], { encoding: 'utf8' }).split('\n')[0]!.trim();
  const args = process.argv.slice(2);
  const crypto = args.find((a) => a.startsWith('--crypto='))?.slice('--crypto='.length) ?? 'node';
  if (crypto !== 'node' && crypto !== 'noble') throw new Error(`--crypto=node or --crypto=noble, not ${crypto}`);
  const only = args.filter((a) => !a.startsWith('--crypto='));
  const results: GnutlsResult[] = [];
  for (const c of CASES) {
    if (only.length > 0 && !only.includes(c.name)) continue;
    results.push(await runCase(c, crypto));
  }
  const report: GnutlsReport = { gnutlsVersion, crypto, results };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().then(() => process.exit(0), (e: unknown) => {
  process.stderr.write(`gnutls_matrix: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(2);
});
