// A TLS 1.3 client run by Bun (`bun run --no-install bun_client.ts <port> <root.pem> <serverName>
// [<ECHConfigList base64>]`) from the scratch project where the packed @puretls tarballs are installed: the shipped engine and
// verifier over Bun's own TCP socket (`Bun.connect`). Sends `GET /` to `openssl s_server -www`,
// reads to close_notify or EOF and prints one JSON line (see `Result`). Type-checked in the
// workspace against the declarations below, which name only the part of Bun's API used here.
import { runSession, type SessionResult } from './session.ts';

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
interface Result extends SessionResult {
  runtime: 'bun';
  runtimeVersion: string;
  /** Where `@puretls/core` resolved: the packed project's node_modules. */
  engine: string;
}

const [port, rootFile, serverName, ech] = Bun.argv.slice(2);
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

await runSession({ send, next }, await Bun.file(rootFile!).text(), serverName!, result, ech);
socket.end();
console.log(JSON.stringify(result));
