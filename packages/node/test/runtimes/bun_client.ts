// A TLS 1.3 client run by Bun (`bun run --no-install bun_client.ts <port> <root.pem> <serverName>`)
// from the scratch project where the packed @puretls tarballs are installed: the shipped engine and
// verifier over Bun's own TCP socket (`Bun.connect`). Sends `GET /` to `openssl s_server -www`,
// reads to close_notify or EOF and prints one JSON line (see `Result`). Type-checked in the
// workspace against the declarations below, which name only the part of Bun's API used here.
import { TlsClient, TlsError, type CertificateVerifier, type Status } from '@puretls/core';
import { TrustStore, WebPkiVerifier } from '@puretls/x509';

/** Bun's TCP socket: `write` returns how many bytes it took (the rest waits for `drain`). */
interface BunSocket {
  write(data: Uint8Array): number;
  end(): void;
}
interface BunHandlers {
  data(socket: BunSocket, data: Uint8Array): void;
  drain(socket: BunSocket): void;
  end(socket: BunSocket): void;
  close(socket: BunSocket): void;
  error(socket: BunSocket, error: Error): void;
}
declare const Bun: {
  readonly version: string;
  readonly argv: readonly string[];
  file(path: string): { text(): Promise<string> };
  connect(options: { hostname: string; port: number; socket: BunHandlers }): Promise<BunSocket>;
};

/** What the client prints. */
interface Result {
  runtime: 'bun';
  runtimeVersion: string;
  ok: boolean;
  protocol?: string;
  cipherSuite?: string;
  verified: boolean;
  answerStartsWith?: string;
  /** Where `@puretls/core` resolved: the packed project's node_modules. */
  engine: string;
  error?: { name: string; category?: string; alert?: string | undefined; message: string };
}

const [port, rootFile, serverName] = Bun.argv.slice(2);
const result: Result = { runtime: 'bun', runtimeVersion: Bun.version, engine: import.meta.resolve('@puretls/core'), ok: false, verified: false };

// Inbound bytes queue up until the engine asks; outbound bytes Bun did not take wait for 'drain'.
const inbound: Uint8Array[] = [];
let inboundEnded = false;
let wake: (() => void) | undefined;
let unsent: Uint8Array = new Uint8Array(0);
let drained: (() => void) | undefined;
const notify = () => {
  wake?.();
  wake = undefined;
};
/** End of the server's stream (FIN): wakes a waiting read. */
const ended = () => {
  inboundEnded = true;
  notify();
};
/** Socket closed or failed: also wakes a waiting write (its bytes cannot go anywhere now). */
const closed = () => {
  ended();
  unsent = new Uint8Array(0);
  drained?.();
};
const socket = await Bun.connect({
  hostname: '127.0.0.1',
  port: Number(port),
  socket: {
    data: (_s, data) => {
      inbound.push(new Uint8Array(data)); // a copy: the buffer is Bun's
      notify();
    },
    drain: (s) => {
      const n = unsent.length > 0 ? s.write(unsent) : 0;
      unsent = unsent.subarray(Math.max(0, n));
      if (unsent.length === 0) drained?.();
    },
    end: ended,
    close: closed,
    error: closed,
  },
});

/** Hands `bytes` to the socket; resolves once Bun has taken all of them (after 'drain' if it pushed back). */
async function send(bytes: Uint8Array): Promise<void> {
  if (bytes.length === 0) return;
  const n = socket.write(bytes);
  if (n < 0) throw new Error('socket closed');
  if (n === bytes.length) return;
  unsent = bytes.subarray(n);
  await new Promise<void>((resolve) => (drained = resolve));
}

/** The next received bytes, or null at end of stream. */
async function next(): Promise<Uint8Array | null> {
  while (inbound.length === 0 && !inboundEnded) await new Promise<void>((resolve) => (wake = resolve));
  return inbound.shift() ?? null;
}

const verifier = new WebPkiVerifier({ roots: TrustStore.fromPem(await Bun.file(rootFile!).text()) });
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
socket.end();
console.log(JSON.stringify(result));
