// Resumption and 0-RTT of the engine against GnuTLS's gnutls-serv (RFC 9846 §2.2, §2.3, §4.3.10,
// §4.3.11), in its echo mode. gnutls-serv binds every interface, so the servers and the client
// run in a fresh network namespace (`unshare -n`, loopback only): helpers/gnutls_resumption.ts
// runs every case there and prints one JSON report, which each `it` below judges. No unshare, no
// gnutls-serv: the suite fails, it does not skip.
//
// What the server saw comes from its own output: "*** This is a resumed session", and with -d 5
// its record log ("early data accepted", "decrypted early data with length: N", "END OF EARLY
// DATA (5) was received"). gnutls-serv 3.7.9 decrypts accepted early data but never echoes it:
// its read loop (src/serv.c) calls gnutls_record_recv_early_data() and, when that returns bytes,
// reads again with gnutls_record_recv() into the same buffer, so the early bytes are dropped.
// The log is therefore the evidence that they arrived, and the echo that they came only once.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GnutlsResumptionReport, GnutlsResumptionResult } from '../helpers/gnutls_resumption.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const tsx = `${root}node_modules/.bin/tsx`;
const runner = fileURLToPath(new URL('../helpers/gnutls_resumption.ts', import.meta.url));
/** The whole matrix: six servers, fourteen connections and a control, on a loaded 2-core machine. */
const RUN_MS = 120_000;

let report: GnutlsResumptionReport | undefined;
/** Why the matrix did not run: every test fails with it (vitest would mark them skipped otherwise). */
let setupError: Error | undefined;

function runMatrix(): Promise<GnutlsResumptionReport> {
  return new Promise((resolve, reject) => {
    execFile('unshare', ['-n', tsx, runner], { cwd: root, timeout: RUN_MS, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err !== null) {
        reject(new Error(`'unshare -n tsx gnutls_resumption.ts' failed (needs root, util-linux unshare, iproute2 and gnutls-bin): ${err.message}\nstderr: ${stderr}\nstdout: ${stdout}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as GnutlsResumptionReport);
      } catch {
        reject(new Error(`gnutls_resumption.ts printed no JSON report\nstdout: ${stdout}\nstderr: ${stderr}`));
      }
    });
  });
}

beforeAll(async () => {
  try {
    report = await runMatrix();
  } catch (e) {
    setupError = e as Error;
  }
}, RUN_MS + 10_000);

/** The case's result; it fails the test if the matrix did not run or the case is missing. */
function result(name: string, { failed = false } = {}): GnutlsResumptionResult {
  if (report === undefined) throw setupError ?? new Error('no report from gnutls_resumption.ts');
  const r = report.results.find((x) => x.name === name);
  if (r === undefined) throw new Error(`no result for case ${JSON.stringify(name)}`);
  if (!failed && r.error !== undefined) throw new Error(`${name}: ${r.error}`);
  return r;
}

describe('gnutls-serv (in a network namespace): resumption and 0-RTT', () => {
  it('reports every case, from a real gnutls-serv', () => {
    if (setupError !== undefined) throw setupError;
    expect(report?.gnutlsVersion).toMatch(/^gnutls-serv \d+\.\d+/);
    expect(report?.results).toHaveLength(6);
  });

  it('tickets (RFC 9846 §4.7.1): a full handshake receives them; the next connection, through a MemorySessionStore, resumes without Certificate', () => {
    const r = result('tickets, then resumption through a MemorySessionStore');
    const [full, again] = r.conns;
    expect(full).toMatchObject({ resumed: false, sawServerAuthentication: true, echoed: 'full handshake\n' });
    // gnutls-serv sends two tickets, without early_data unless --earlydata.
    expect(full!.tickets).toBe(2);
    expect(full!.ticketMaxEarlyData).toEqual([null, null]);
    // §2.2: the PSK authenticates the resumed handshake: no Certificate, no CertificateVerify.
    expect(again).toMatchObject({ resumed: true, earlyData: 'not-offered', sawServerAuthentication: false, echoed: 'resumed handshake\n' });
    // §4.3.11: one of the first connection's tickets, with a binder recomputed independently.
    expect(again!.clientHellos).toEqual([{ psk: true, earlyData: false, binderOk: true, identityIsTicket: true }]);
    expect(r.server!.resumedSessions).toBe(1);
  });

  it('a HelloRetryRequest (secp384r1 only): the second ClientHello keeps the PSK with a binder over message_hash + HRR (§4.3.11.2); resumed', () => {
    const r = result('resumption across a HelloRetryRequest (secp384r1 only)');
    const [full, again] = r.conns;
    expect(full).toMatchObject({ resumed: false, helloRetryRequest: true, group: 'secp384r1' });
    expect(again).toMatchObject({ resumed: true, helloRetryRequest: true, group: 'secp384r1', sawServerAuthentication: false, echoed: 'resumed after HRR\n' });
    expect(again!.clientHellos).toEqual([
      { psk: true, earlyData: false, binderOk: true, identityIsTicket: true },
      { psk: true, earlyData: false, binderOk: true, identityIsTicket: true },
    ]);
    expect(r.server!.resumedSessions).toBe(1);
  });

  it('without --earlydata the tickets allow no 0-RTT: earlyData: true sends none, the write waits for the handshake, resumed', () => {
    const r = result('no --earlydata: tickets allow no 0-RTT, none is sent');
    const again = r.conns[1]!;
    expect(again).toMatchObject({ resumed: true, earlyData: 'not-offered', earlyWritten: 0, rejected: '', echoed: 'not early\n' });
    expect(again.clientHellos[0]).toMatchObject({ psk: true, earlyData: false });
    expect(r.server!.earlyDecrypted).toEqual([]);
  });

  it('--earlydata: 0-RTT accepted (§4.3.10); the server decrypted exactly our bytes once and got our EndOfEarlyData', () => {
    const r = result('--earlydata: 0-RTT accepted');
    const [full, early] = r.conns;
    expect(full!.ticketMaxEarlyData).toEqual([16384, 16384]);
    const sent = 'zero-rtt-gnutls-31\n';
    expect(early).toMatchObject({ resumed: true, earlyData: 'accepted', earlyWritten: sent.length, rejected: '', sawServerAuthentication: false });
    expect(early!.clientHellos[0]).toEqual({ psk: true, earlyData: true, binderOk: true, identityIsTicket: true });
    expect(r.server).toMatchObject({ resumedSessions: 1, earlyAccepted: 1, earlyDecrypted: [sent.length], endOfEarlyData: 1, earlyDecryptFailures: 0, handshakeErrors: [] });
    // Not resent as 1-RTT: the echo is the 1-RTT line alone (gnutls-serv drops early bytes, above).
    expect(early!.echoed).toBe('one-rtt after zero-rtt\n');
  });

  it('--earlydata, the same ticket twice: 0-RTT accepted both times (gnutls records ClientHellos, §8.2, rather than single-use tickets, §8.1)', () => {
    const r = result('--earlydata: the same ticket twice, 0-RTT both times');
    const [, first, second] = r.conns;
    expect(first).toMatchObject({ resumed: true, earlyData: 'accepted', earlyWritten: 15, echoed: 'after first\n' });
    expect(second).toMatchObject({ resumed: true, earlyData: 'accepted', earlyWritten: 15, echoed: 'after second\n' });
    expect(r.server).toMatchObject({ resumedSessions: 2, earlyAccepted: 2, earlyDecrypted: [15, 15], endOfEarlyData: 2 });
  });

  it('--earlydata with a HelloRetryRequest: gnutls-serv 3.7.9 fails the handshake (bad_record_mac), as it does with openssl s_client; our side ends cleanly with its alert', () => {
    // §4.3.10: after a HelloRetryRequest the server must skip the 0-RTT records. gnutls-serv logs
    // "early data accepted" for the first ClientHello, answers with the HRR anyway, then fails to
    // decrypt a later record as early data and aborts. openssl s_client, the control, meets the
    // same alert, so this is the server's fault, not ours; the engine must still fail cleanly.
    const r = result('--earlydata and a HelloRetryRequest (secp384r1 only) with 0-RTT', { failed: true });
    expect(r.conns).toHaveLength(1); // the full handshake went through; the 0-RTT one failed
    expect(r.conns[0]).toMatchObject({ resumed: false, helloRetryRequest: true, tickets: 2 });
    expect(r.error).toMatch(/^AlertReceivedError: received fatal alert bad_record_mac \(20\)/);
    expect(r.server).toMatchObject({ earlyAccepted: 1, earlyDecryptFailures: 1, handshakeErrors: ['Decryption has failed.'] });
    expect(r.control!.full.some((l) => /^New, TLSv1\.3/.test(l))).toBe(true);
    expect(r.control!.early.some((l) => /alert bad record mac/.test(l))).toBe(true);
  });
});
