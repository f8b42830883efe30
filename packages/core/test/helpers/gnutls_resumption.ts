// Runs the engine's resumption / 0-RTT cases against gnutls-serv (Debian gnutls-bin) and prints
// ONE JSON line (GnutlsResumptionReport) on stdout, for test/interop/resumption-gnutls.test.ts.
// Meant to run inside a fresh network namespace, as that test starts it:
//   unshare -n node_modules/.bin/tsx packages/core/test/helpers/gnutls_resumption.ts
// gnutls-serv binds every interface, so this refuses to run where any interface but loopback
// exists. Each server gets a free loopback port, is awaited by reading its own "... listening on
// IPv4 0.0.0.0 port N...done" line (no sleeps, no probing), and is stopped by its PID, its exit
// awaited before its output is read (its stdout is a pipe, so it may be buffered until then).
//
// The facts are gathered here and judged in the test: what each connection saw (resumed, 0-RTT,
// tickets, handshake messages, our ClientHellos' PSK offers and binders recomputed with
// node:crypto) and what the server logged (resumed sessions; with -d 5, the early data it
// decrypted and the EndOfEarlyData it received).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemorySessionStore, type ClientConfig, type SessionTicket } from '../../src/index.js';
import { freePort } from './openssl_server.js';
import { Conn, expectedBinder, messageHash, offersEarlyData, pskOfferOf, waitForOutput } from './resumption.js';

const PKI = fileURLToPath(new URL('../../../../fixtures/pki/good/p256/', import.meta.url));
const TLS13 = 'NORMAL:-VERS-ALL:+VERS-TLS1.3';

/** What one client connection saw. */
export interface ConnFacts {
  resumed: boolean;
  earlyData: 'accepted' | 'rejected' | 'not-offered';
  helloRetryRequest: boolean;
  group: string | undefined;
  /** Bytes taken as 0-RTT by the write before the handshake completed (0: none). */
  earlyWritten: number;
  /** What takeRejectedEarlyData() handed back (then resent as 1-RTT). */
  rejected: string;
  /** All text the echo server sent back. */
  echoed: string;
  tickets: number;
  /** max_early_data of the tickets received (null: none, the ticket allows no 0-RTT). */
  ticketMaxEarlyData: (number | null)[];
  /** Whether a Certificate or CertificateVerify arrived (a resumed handshake has neither). */
  sawServerAuthentication: boolean;
  /** Per ClientHello sent: offered a PSK, offered early_data, binder equal to the one recomputed independently and identity one of the known tickets (null: no PSK). */
  clientHellos: { psk: boolean; earlyData: boolean; binderOk: boolean | null; identityIsTicket: boolean | null }[];
}

/** What the server logged, read after it exited. */
export interface ServerFacts {
  /** "*** This is a resumed session" lines. */
  resumedSessions: number;
  /** "early data accepted" lines (-d 4 and up). */
  earlyAccepted: number;
  /** Lengths of "decrypted early data with length: N" lines (-d 5 and up). */
  earlyDecrypted: number[];
  /** "END OF EARLY DATA (5) was received" lines (-d 4 and up). */
  endOfEarlyData: number;
  /** "failed to decrypt early data" lines (-d 5 and up). */
  earlyDecryptFailures: number;
  /** "Error in handshake: ..." lines. */
  handshakeErrors: string[];
  /** The last lines, for failure messages. */
  tail: string;
}

export interface GnutlsResumptionResult {
  name: string;
  conns: ConnFacts[];
  /** The same exchange by `openssl s_client` (the control, where there is one): what it printed of the outcome. */
  control?: { full: string[]; early: string[] };
  server?: ServerFacts;
  error?: string;
}

export interface GnutlsResumptionReport {
  gnutlsVersion: string;
  results: GnutlsResumptionResult[];
}

/** Fails unless loopback is the only interface, then brings it up. */
function setUpNamespace(): void {
  const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' })
    .split('\n').filter((l) => l.trim() !== '').map((l) => l.split(':')[1]!.trim().replace(/@.*$/, ''));
  if (links.length !== 1 || links[0] !== 'lo') {
    throw new Error(`not in a fresh network namespace (interfaces: ${links.join(', ')}); run under 'unshare -n'`);
  }
  execFileSync('ip', ['link', 'set', 'lo', 'up']);
}

interface Server { proc: ChildProcess; port: number; output: () => string }

async function startServer(args: string[]): Promise<Server> {
  const port = await freePort();
  const proc = spawn('gnutls-serv', ['--echo', '--port', String(port), '--x509certfile', PKI + 'chain.pem', '--x509keyfile', PKI + 'leaf.key', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => { out += d.toString('utf8'); });
  proc.stderr!.on('data', (d: Buffer) => { out += d.toString('utf8'); });
  const server = { proc, port, output: () => out };
  try {
    await waitForOutput(proc, server.output, `listening on IPv4 0.0.0.0 port ${port}...done`);
  } catch (e) {
    await stopServer(server);
    throw e;
  }
  return server;
}

/** SIGTERM by PID, SIGKILL if it lingers; resolves once it exited. */
async function stopServer(s: Server): Promise<void> {
  if (s.proc.exitCode !== null || s.proc.signalCode !== null) return;
  const exited = new Promise<void>((r) => s.proc.once('exit', () => r()));
  if (s.proc.pid !== undefined) process.kill(s.proc.pid, 'SIGTERM');
  const timer = setTimeout(() => { if (s.proc.pid !== undefined && s.proc.exitCode === null) process.kill(s.proc.pid, 'SIGKILL'); }, 5000);
  await exited;
  clearTimeout(timer);
}

function serverFacts(log: string): ServerFacts {
  const count = (re: RegExp) => (log.match(re) ?? []).length;
  return {
    resumedSessions: count(/\*\*\* This is a resumed session/g),
    earlyAccepted: count(/early data accepted/g),
    earlyDecrypted: [...log.matchAll(/decrypted early data with length: (\d+)/g)].map((m) => Number(m[1])),
    endOfEarlyData: count(/END OF EARLY DATA \(5\) was received/g),
    earlyDecryptFailures: count(/failed to decrypt early data/g),
    handshakeErrors: [...log.matchAll(/Error in handshake: (.*)/g)].map((m) => m[1]!.trim()),
    tail: log.trim().split('\n').filter((l) => !l.startsWith('|<')).slice(-12).join(' | '),
  };
}

/**
 * One connection: `early` written before the handshake completes (0-RTT when allowed), the
 * handshake, refused 0-RTT resent, each of `lines` echoed; the tickets of a full handshake awaited.
 * `known`: the tickets it may offer (`cfg.session`, or what a store holds), to check the binder with.
 */
async function exchange(port: number, cfg: Partial<ClientConfig>, lines: string[], early?: string, known: SessionTicket[] = cfg.session ? [cfg.session] : []): Promise<{ facts: ConnFacts; tickets: SessionTicket[] }> {
  const c = await Conn.open(port, cfg);
  try {
    const earlyWritten = early === undefined ? 0 : c.writeEarly(early);
    await c.handshake();
    const info = c.client.info!;
    const rejected = Buffer.from(c.client.takeRejectedEarlyData()).toString('utf8');
    const expectBack: string[] = [];
    if (rejected.length > 0) {
      await c.send(rejected);
      expectBack.push(rejected);
    }
    for (const line of lines) {
      await c.send(line);
      expectBack.push(line);
      await c.readUntil((t) => t.includes(line));
    }
    // gnutls-serv sends its tickets right after the handshake, before any echo.
    if (!info.resumed) await c.ticketsAtLeast(1);
    const echoed = await c.readUntil((t) => expectBack.every((l) => t.includes(l)));
    await c.close();
    const hellos = c.clientHellos();
    const hrr = c.serverHellos()[0];
    const clientHellos = hellos.map((ch, i) => {
      const psk = pskOfferOf(ch);
      if (psk === undefined) return { psk: false, earlyData: offersEarlyData(ch), binderOk: null, identityIsTicket: null };
      const offered = known.find((t) => Buffer.from(t.ticket).equals(Buffer.from(psk.identities[0]!)));
      if (offered === undefined) return { psk: true, earlyData: offersEarlyData(ch), binderOk: null, identityIsTicket: false };
      const hash = offered.psk.length === 48 ? 'sha384' : 'sha256';
      // §4.3.11.2: the second ClientHello's binder covers message_hash(ClientHello1) and the HRR too.
      const prefix = i === 0 ? undefined : Buffer.concat([messageHash(hash, hellos[0]!), hrr!]);
      return {
        psk: true,
        earlyData: offersEarlyData(ch),
        binderOk: Buffer.from(psk.binders[0]!).equals(expectedBinder(hash, offered.psk, ch, prefix)),
        identityIsTicket: true,
      };
    });
    return {
      tickets: c.tickets,
      facts: {
        resumed: info.resumed,
        earlyData: info.earlyData,
        helloRetryRequest: info.helloRetryRequest,
        group: info.groupName,
        earlyWritten,
        rejected,
        echoed,
        tickets: c.tickets.length,
        ticketMaxEarlyData: c.tickets.map((t) => t.maxEarlyData ?? null),
        sawServerAuthentication: c.sawServerAuthentication(),
        clientHellos,
      },
    };
  } finally {
    c.destroy();
  }
}

/** A case runs its connections in order, pushing each one's facts to `out`: on an error, `out` shows how far it got. */
interface Case { name: string; args: string[]; run: (port: number, out: ConnFacts[]) => Promise<void>; control?: boolean }

const CASES: Case[] = [
  {
    name: 'tickets, then resumption through a MemorySessionStore',
    args: ['--priority', TLS13],
    run: async (port, out) => {
      const store = new MemorySessionStore();
      const full = await exchange(port, { sessionStore: store }, ['full handshake\n']);
      out.push(full.facts);
      out.push((await exchange(port, { sessionStore: store }, ['resumed handshake\n'], undefined, full.tickets)).facts);
    },
  },
  {
    name: 'resumption across a HelloRetryRequest (secp384r1 only)',
    args: ['--priority', `${TLS13}:-GROUP-ALL:+GROUP-SECP384R1`],
    run: async (port, out) => {
      const full = await exchange(port, {}, ['full handshake\n']);
      out.push(full.facts);
      out.push((await exchange(port, { session: full.tickets[0]! }, ['resumed after HRR\n'])).facts);
    },
  },
  {
    name: 'no --earlydata: tickets allow no 0-RTT, none is sent',
    args: ['--priority', TLS13],
    run: async (port, out) => {
      const full = await exchange(port, {}, ['full handshake\n']);
      out.push(full.facts);
      out.push((await exchange(port, { session: full.tickets[0]!, earlyData: true }, ['not early\n'], 'not early either\n')).facts);
    },
  },
  {
    name: '--earlydata: 0-RTT accepted',
    args: ['--priority', TLS13, '--earlydata', '-d', '5'],
    run: async (port, out) => {
      const full = await exchange(port, {}, ['full handshake\n']);
      out.push(full.facts);
      out.push((await exchange(port, { session: full.tickets[0]!, earlyData: true }, ['one-rtt after zero-rtt\n'], 'zero-rtt-gnutls-31\n')).facts);
    },
  },
  {
    name: '--earlydata: the same ticket twice, 0-RTT both times',
    args: ['--priority', TLS13, '--earlydata', '-d', '5'],
    run: async (port, out) => {
      const full = await exchange(port, {}, ['full handshake\n']);
      out.push(full.facts);
      const ticket = full.tickets[0]!;
      out.push((await exchange(port, { session: ticket, earlyData: true }, ['after first\n'], 'replay-check-1\n')).facts);
      out.push((await exchange(port, { session: ticket, earlyData: true }, ['after second\n'], 'replay-check-2\n')).facts);
    },
  },
  {
    name: '--earlydata and a HelloRetryRequest (secp384r1 only) with 0-RTT',
    args: ['--priority', `${TLS13}:-GROUP-ALL:+GROUP-SECP384R1`, '--earlydata', '-d', '5'],
    run: async (port, out) => {
      const full = await exchange(port, {}, ['full handshake\n']);
      out.push(full.facts);
      out.push((await exchange(port, { session: full.tickets[0]!, earlyData: true }, ['one-rtt after the resend\n'], 'refused-by-hrr-77\n')).facts);
    },
    control: true,
  },
];

/** The lines of s_client's output that tell the outcome: session reuse, early data, errors and alerts. */
function outcomeLines(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => /^(New|Reused),|Early data|alert|error:|echo-me/.test(l) && !/verify error|Verification error/.test(l));
}

/**
 * `openssl s_client -sess_out` for a full handshake (a line echoed: the tickets came before it),
 * then `-sess_in -early_data` with the same server: the control for a case where the server fails.
 */
async function openSslControl(port: number): Promise<{ full: string[]; early: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'puretls-gnutls-'));
  try {
    const sess = join(dir, 'sess.pem');
    const earlyFile = join(dir, 'early.txt');
    writeFileSync(earlyFile, 'control-early-data\n');
    const run = async (args: string[]): Promise<string> => {
      const proc = spawn('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-tls1_3', '-servername', 'localhost', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
      let text = '';
      proc.stdout!.on('data', (d: Buffer) => { text += d.toString('utf8'); });
      proc.stderr!.on('data', (d: Buffer) => { text += d.toString('utf8'); });
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      proc.stdin!.write('echo-me\n');
      // The echoed line (after the tickets, which -sess_out needs), or its exit on failure.
      await Promise.race([waitForOutput(proc, () => text, '\necho-me\n').catch(() => {}), exited]);
      proc.stdin!.end();
      const timer = setTimeout(() => { if (proc.pid !== undefined && proc.exitCode === null) process.kill(proc.pid, 'SIGKILL'); }, 10_000);
      await exited;
      clearTimeout(timer);
      return text;
    };
    const full = await run(['-sess_out', sess]);
    const early = await run(['-sess_in', sess, '-early_data', earlyFile]);
    return { full: outcomeLines(full), early: outcomeLines(early) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runCase(c: Case): Promise<GnutlsResumptionResult> {
  let server: Server | undefined;
  const conns: ConnFacts[] = [];
  let error: string | undefined;
  try {
    server = await startServer(c.args);
    await c.run(server.port, conns);
  } catch (e) {
    if (server === undefined) return { name: c.name, conns, error: String(e) };
    const err = e as Error;
    error = `${err.name}: ${err.message}`;
  }
  // The control runs on a server of its own, so that the engine's case is all the first one logged.
  let control: { full: string[]; early: string[] } | undefined;
  if (c.control === true) {
    const other = await startServer(c.args);
    try {
      control = await openSslControl(other.port);
    } finally {
      await stopServer(other);
    }
  }
  await stopServer(server);
  const facts = serverFacts(server.output());
  return {
    name: c.name,
    conns,
    server: facts,
    ...(control === undefined ? {} : { control }),
    ...(error === undefined ? {} : { error: `${error} [gnutls-serv: ${facts.tail}]` }),
  };
}

async function main(): Promise<void> {
  setUpNamespace();
  const gnutlsVersion = execFileSync('gnutls-serv', ['--version'], { encoding: 'utf8' }).split('\n')[0]!.trim();
  const results: GnutlsResumptionResult[] = [];
  for (const c of CASES) results.push(await runCase(c));
  process.stdout.write(`${JSON.stringify({ gnutlsVersion, results } satisfies GnutlsResumptionReport)}\n`);
}

main().then(() => process.exit(0), (e: unknown) => {
  process.stderr.write(`gnutls_resumption: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(2);
});
