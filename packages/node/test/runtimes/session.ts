// The part of the Bun and Deno clients that is the same in every runtime: the engine loop
// (OK / WANT_READ / WANT_WRITE / want-async, as in packages/node/src/pump.ts) over a runtime's
// `send` and `next`, a GET to `openssl s_server -www`, reading to close_notify, and the result
// fields. Copied into the scratch project beside the client, which imports it as `./session.ts`
// (Deno takes no extension-less or `.js` import of a `.ts` file without --sloppy-imports).
import { TlsClient, TlsError, type CertificateVerifier, type Status } from '@puretls/core';
import { TrustStore, WebPkiVerifier } from '@puretls/x509';

/** How a runtime moves bytes: `send` resolves once the socket took all of them; `next` is null at end of stream. */
export interface RuntimeIo {
  send(bytes: Uint8Array): Promise<void>;
  next(): Promise<Uint8Array | null>;
}

/** What the session adds to a client's printed result. */
export interface SessionResult {
  ok: boolean;
  protocol?: string;
  cipherSuite?: string;
  verified: boolean;
  answerStartsWith?: string;
  /** What became of Encrypted Client Hello (`info.ech`): GREASE without a config. */
  ech?: string;
  error?: { name: string; category?: string; alert?: string | undefined; message: string };
}

/**
 * A verified TLS 1.3 session to `serverName` over `io`: handshake, `GET /`, the answer to
 * close_notify, our close_notify; with `ech` (an ECHConfigList in base64), under Encrypted Client
 * Hello. Failures land in `result.error` (the alert, if any, is sent).
 *
 * @example
 * await runSession(io, rootPem, 'localhost', result);
 */
export async function runSession(io: RuntimeIo, rootPem: string, serverName: string, result: SessionResult, ech?: string): Promise<void> {
  const verifier = new WebPkiVerifier({ roots: TrustStore.fromPem(rootPem) });
  const recording: CertificateVerifier = {
    verifyServerCertificate: (input) => {
      verifier.verifyServerCertificate(input);
      result.verified = true;
    },
  };
  const client = new TlsClient({ serverName, verifier: recording, ...(ech === undefined ? {} : { ech }) });
  /** Received bytes the engine did not take yet. */
  let kept: Uint8Array | undefined;

  /** Retries `op` until it needs no more I/O. */
  async function drive<T extends Status | { status: Status }>(op: () => T): Promise<T> {
    for (;;) {
      const r = op();
      const status = typeof r === 'string' ? r : r.status;
      await io.send(client.takeOutgoing());
      if (status === 'want-async') await client.pendingWork();
      else if (status === 'want-read') {
        const chunk = kept ?? (await io.next());
        kept = undefined;
        if (chunk === null) client.receiveEof();
        else {
          const taken = client.receive(chunk);
          if (taken < chunk.length) kept = chunk.subarray(taken);
        }
      } else if (status !== 'want-write') return r;
    }
  }

  try {
    await drive(() => client.handshake());
    result.protocol = client.info?.version;
    result.cipherSuite = client.info?.cipherSuiteName;
    result.ech = client.info?.ech;
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
    await io.send(client.takeOutgoing()).catch(() => {}); // the alert, if the engine queued one
  }
}
