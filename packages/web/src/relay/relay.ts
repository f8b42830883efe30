/**
 * The WebSocket-to-TCP relay (Node only): each accepted WebSocket is joined to a new TCP
 * connection to the ONE configured target. Binary messages are the TCP byte stream; the relay
 * never looks inside them (they are TLS records it has no keys for). The security model is in
 * packages/web/README.md.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { formatHostPort, parseHostPort, type HostPort } from './address.js';

/**
 * Options of {@link startRelay}.
 *
 * @example
 * const options: RelayOptions = { listen: '127.0.0.1:8080', target: 'localhost:8443', allowedOrigins: ['http://127.0.0.1:8000'] };
 */
export interface RelayOptions {
  /** Where to listen. Default `127.0.0.1:0` (loopback, a free port). */
  listen?: HostPort | string;
  /** The only place the relay connects to. The WebSocket's URL, path and query are ignored. */
  target: HostPort | string;
  /**
   * Exact `Origin` header values accepted (`'http://127.0.0.1:8000'`). A handshake without an
   * Origin, or with another one, is refused with 403.
   */
  allowedOrigins: readonly string[];
  /** Most connections at once; more are refused with 503. Default 16. */
  maxConnections?: number;
  /** Largest WebSocket message accepted; a larger one closes the connection (1009). Default 64 KiB. */
  maxMessageBytes?: number;
  /** Bytes queued towards one side before the other side is paused. Default 1 MiB. */
  highWaterMark?: number;
  /** How long connecting to the target may take. Default 10 s. */
  connectTimeoutMs?: number;
  /** Observer of what the relay does (never given any of the relayed bytes). */
  onEvent?: (event: RelayEvent) => void;
}

/**
 * What a relay reports: a connection bridged, refused, or closed on both sides.
 *
 * @example
 * startRelay({ ...options, onEvent: (e) => console.log(e.kind) });
 */
export type RelayEvent =
  | { kind: 'open'; id: number; origin: string }
  | { kind: 'refused'; reason: 'origin' | 'limit'; origin: string | undefined }
  | { kind: 'close'; id: number };

/**
 * A running relay.
 *
 * @example
 * const relay: Relay = await startRelay(options);
 * await relay.close();
 */
export interface Relay {
  /** `ws://host:port/` to give to `connectOverWebSocket`. */
  readonly url: string;
  /** The TCP port the relay listens on (the system's choice when `listen` asked for port 0). */
  readonly port: number;
  /** Connections open now. */
  readonly connections: number;
  /** Stops listening and closes every connection, both sides. */
  close(): Promise<void>;
}

/**
 * Starts a relay and resolves once it listens.
 *
 * @example
 * const relay = await startRelay({ target: 'localhost:8443', allowedOrigins: ['http://127.0.0.1:8000'] });
 * console.log(relay.url); // ws://127.0.0.1:40123/
 */
export async function startRelay(options: RelayOptions): Promise<Relay> {
  const listen = typeof options.listen === 'string' ? parseHostPort(options.listen, true) : (options.listen ?? { host: '127.0.0.1', port: 0 });
  const target = typeof options.target === 'string' ? parseHostPort(options.target) : options.target;
  const allowed = new Set(options.allowedOrigins);
  const maxConnections = options.maxConnections ?? 16;
  const limits = { highWaterMark: options.highWaterMark ?? 1024 * 1024, connectTimeoutMs: options.connectTimeoutMs ?? 10_000 };
  const emit = options.onEvent ?? (() => {});
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes ?? 64 * 1024, perMessageDeflate: false });
  const sockets = new Set<Duplex>();
  let active = 0;
  let nextId = 1;

  const server: Server = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain', connection: 'close' }).end('WebSocket only\n');
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    const origin = req.headers.origin;
    if (origin === undefined || !allowed.has(origin)) {
      emit({ kind: 'refused', reason: 'origin', origin });
      return refuse(socket, 403, 'Forbidden');
    }
    if (active >= maxConnections) {
      emit({ kind: 'refused', reason: 'limit', origin });
      return refuse(socket, 503, 'Service Unavailable');
    }
    // The slot is held until the WebSocket's socket and (once there is one) the TCP socket have
    // both closed, so the limit counts real resources, however the connection ends.
    active++;
    sockets.add(socket);
    const id = nextId++;
    let parts = 1;
    const release = () => {
      if (--parts > 0) return;
      active--;
      emit({ kind: 'close', id });
    };
    socket.once('close', () => {
      sockets.delete(socket);
      release();
    });
    wss.handleUpgrade(req, socket, head, (ws) => {
      parts++;
      emit({ kind: 'open', id, origin });
      const tcp = bridge(ws, target, limits);
      sockets.add(tcp);
      tcp.once('close', () => {
        sockets.delete(tcp);
        release();
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://${formatHostPort({ host: listen.host, port })}/`,
    port,
    get connections() {
      return active;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        for (const ws of wss.clients) ws.terminate();
      }),
  };
}

/** Answers an upgrade with an HTTP error and closes the socket. */
function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * Joins a WebSocket to a new TCP connection to `target`, with backpressure both ways and one
 * lifetime: when either side ends or fails, the other is closed too.
 */
function bridge(ws: WebSocket, target: HostPort, limits: { highWaterMark: number; connectTimeoutMs: number }): Socket {
  const tcp = connect({ host: target.host, port: target.port });
  tcp.setNoDelay(true);
  tcp.setTimeout(limits.connectTimeoutMs, () => tcp.destroy());
  tcp.once('connect', () => tcp.setTimeout(0));
  tcp.on('error', () => {}); // 'close' follows, which closes the WebSocket

  // WebSocket -> TCP: when the TCP send buffer is full, stop reading the WebSocket.
  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (!isBinary) {
      ws.close(1003, 'binary messages only');
      return;
    }
    // binaryType is ws's default 'nodebuffer': a Buffer, or Buffer[] for a fragmented message.
    const chunks = Array.isArray(data) ? data : [data as Buffer];
    let ok = true;
    for (const c of chunks) ok = tcp.write(c);
    if (!ok) ws.pause();
  });
  tcp.on('drain', () => ws.resume());

  // TCP -> WebSocket: count bytes handed to ws and not yet written out; above the mark, stop
  // reading TCP until ws has written enough.
  let inFlight = 0;
  tcp.on('data', (chunk: Buffer) => {
    inFlight += chunk.length;
    ws.send(chunk, { binary: true }, () => {
      inFlight -= chunk.length;
      if (inFlight <= limits.highWaterMark && tcp.isPaused()) tcp.resume();
    });
    if (inFlight > limits.highWaterMark) tcp.pause();
  });

  // One lifetime. The server's FIN or a TCP failure closes the WebSocket after what is queued
  // (ws sends its Close frame after earlier messages); the WebSocket's close ends TCP after what
  // is queued, then destroys it.
  tcp.once('close', (hadError) => {
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(hadError ? 1011 : 1000);
  });
  ws.once('close', () => {
    if (!tcp.destroyed) tcp.end(() => tcp.destroy());
  });
  ws.on('error', () => {}); // 'close' follows (e.g. a message over maxPayload: 1009)
  return tcp;
}
