/**
 * `connect()` and the adapters that let Node's HTTP clients use puretls as their transport:
 * `https.request({ createConnection })`, undici's `Agent({ connect })` and
 * `http2.connect(url, { createConnection })`. Each adapter resumes sessions (RFC 9846 §2.2)
 * across the connections it makes, through a store of its own.
 */
import { EchRejectedError, MemorySessionStore, type SessionStore } from '@puretls/core';
import { resolveEchConfigs } from './ech_dns/lazy.js';
import type { EchDnsOptions } from './ech_dns/resolve_ech.js';
import { defaultServername, unbracket } from './host_name.js';
import { TlsSocket, type ConnectOptions } from './tls_socket.js';

/** Tickets an adapter keeps at most (Node's `https.Agent` caches 100 sessions by default). */
const ADAPTER_SESSIONS = 100;

/**
 * The store of one adapter: `defaults.sessionStore` if given (`null`: no resumption), else a new
 * bounded `MemorySessionStore`, so that the adapter's next connection to a host and port resumes
 * with a ticket of the last one, each ticket used once (RFC 9846 §C.4).
 */
function adapterStore(defaults: ConnectOptions): SessionStore | null {
  return defaults.sessionStore !== undefined ? defaults.sessionStore : new MemorySessionStore({ maxEntries: ADAPTER_SESSIONS });
}

/**
 * Opens a TLS 1.3 connection; resolves once the handshake is done and the chain verified. With
 * `ech` and `echRetry`, a rejected Encrypted Client Hello is retried once with the server's
 * retry configs. With `echDns`, the ECHConfigList is looked up in DNS first (HTTPS record,
 * RFC 9460): none found rejects with `ERR_PURETLS_ECH_NOT_FOUND`, before any TCP connection.
 *
 * @example
 * const socket = await connect({ host: 'example.com', port: 443, ALPNProtocols: ['http/1.1'] });
 * console.log(socket.getProtocol(), socket.getCipher()?.name, socket.alpnProtocol);
 */
export function connect(options: ConnectOptions): Promise<TlsSocket> {
  if (options.echDns !== undefined && options.echDns !== false) return connectWithEchDns(options);
  return withEchRetry(connectOnce(options), options);
}

/**
 * RFC 9849 §6.1.6: with `echRetry`, a rejection with retry configs is retried once, on a new
 * connection, with them; a second rejection is the application's (no retry of a retry).
 */
function withEchRetry(first: Promise<TlsSocket>, options: ConnectOptions): Promise<TlsSocket> {
  if (options.ech === undefined || options.echRetry !== true) return first;
  return first.catch((e: unknown) => {
    if (!(e instanceof EchRejectedError) || e.retryConfigs === undefined) throw e;
    return connectOnce({ ...options, ech: e.retryConfigs });
  });
}

/**
 * `echDns`: the ECHConfigList from the HTTPS record of `servername ?? host` first (RFC 9460,
 * ech_dns/resolve_ech.ts), then the connection with it, to the record's TargetName and port if
 * it names them (§9); SNI and verification stay on the name. A failed lookup rejects: no
 * connection is made without ECH.
 */
async function connectWithEchDns(options: ConnectOptions): Promise<TlsSocket> {
  const { echDns, ...rest } = options;
  if (options.ech !== undefined) throw new TypeError('give the ECH config in one option: ech (the list itself) or echDns (look it up), not both');
  const servername = defaultServername(options);
  const lookup: EchDnsOptions = echDns === true ? {} : (echDns as EchDnsOptions);
  const found = await resolveEchConfigs(servername, options.port ?? 443, { ...lookup, ...(lookup.signal === undefined && options.signal !== undefined ? { signal: options.signal } : {}) });
  // With an existing `socket`, TCP is the caller's: the record's TargetName and port do not apply.
  const dial: ConnectOptions = { ...rest, servername, ech: found.configList };
  if (options.socket === undefined && found.dialHost !== undefined) dial.host = found.dialHost;
  if (options.socket === undefined && found.dialPort !== undefined) dial.port = found.dialPort;
  const first = connectOnce(dial).then((socket) => {
    socket.echDnsResult = found;
    return socket;
  });
  return withEchRetry(first, dial);
}

function connectOnce(options: ConnectOptions): Promise<TlsSocket> {
  return new Promise((resolve, reject) => {
    const socket = new TlsSocket(options);
    const onError = (e: Error) => reject(e);
    // Destroyed without an error (socket.destroy() by the caller): settle all the same.
    const onClose = () => reject(Object.assign(new Error('socket destroyed before the handshake completed'), { code: 'ERR_SOCKET_CLOSED' }));
    socket.once('error', onError);
    socket.once('close', onClose);
    socket.once('secureConnect', () => {
      socket.off('error', onError);
      socket.off('close', onClose);
      resolve(socket);
    });
  });
}

/** What Node's http/https pass to `createConnection`. */
interface HttpConnectionOptions {
  host?: string | null;
  hostname?: string | null;
  port?: number | string | null;
  servername?: string;
}

/**
 * A `createConnection` for `https.request` / `https.Agent`: the request's host and port, plus
 * `defaults` (trust anchors, ALPN, ...). Connections made by one call's function resume each
 * other's sessions (a store per call; `defaults.sessionStore` replaces it, `null` turns it off).
 * An `https.Agent` calls its own `createConnection`: assign this one to it.
 *
 * @example
 * https.get({ host: 'localhost', port, createConnection: httpsConnection({ ca }) }, onResponse);
 * const agent = new https.Agent({ keepAlive: true });
 * agent.createConnection = httpsConnection({ ca }) as typeof agent.createConnection;
 */
export function httpsConnection(defaults: ConnectOptions = {}): (opts: HttpConnectionOptions) => TlsSocket {
  const sessionStore = adapterStore(defaults);
  return (opts) => {
    const host = opts.hostname ?? opts.host ?? defaults.host ?? 'localhost';
    return new TlsSocket({ ALPNProtocols: ['http/1.1'], ...defaults, sessionStore, host, port: Number(opts.port ?? defaults.port ?? 443), servername: defaults.servername ?? opts.servername ?? undefined });
  };
}

/** What undici passes to its `connect` function. */
interface UndiciConnectOptions {
  hostname: string;
  host?: string;
  protocol: string;
  port: string;
  servername?: string | null;
}

/**
 * A `connect` function for undici's `Agent` / `Client` (`new Agent({ connect: undiciConnector({ ca }) })`).
 * Its connections resume each other's sessions, as with {@link httpsConnection}.
 *
 * @example
 * const agent = new Agent({ connect: undiciConnector({ ca }) });
 * await fetch(url, { dispatcher: agent });
 */
export function undiciConnector(defaults: ConnectOptions = {}): (opts: UndiciConnectOptions, callback: (err: Error | null, socket: TlsSocket | null) => void) => void {
  const sessionStore = adapterStore(defaults);
  return (opts, callback) => {
    if (opts.protocol !== 'https:') {
      callback(new Error(`puretls connects https: origins only, not ${opts.protocol}`), null);
      return;
    }
    const port = opts.port === '' ? 443 : Number(opts.port);
    connect({ ALPNProtocols: ['http/1.1'], ...defaults, sessionStore, host: opts.hostname, port, servername: defaults.servername ?? opts.servername ?? undefined }).then(
      (s) => callback(null, s),
      (e: Error) => callback(e, null),
    );
  };
}

/**
 * A `createConnection` for `http2.connect(url, { createConnection })`, offering ALPN h2. The
 * sessions made with one call's function resume each other's, as with {@link httpsConnection}
 * (a store per call; `defaults.sessionStore` replaces it, `null` turns it off).
 *
 * @example
 * const connect = http2Connection({ ca });
 * const first = http2.connect(url, { createConnection: connect });
 * const second = http2.connect(url, { createConnection: connect }); // resumes first's session
 */
export function http2Connection(defaults: ConnectOptions = {}): (authority: URL) => TlsSocket {
  const sessionStore = adapterStore(defaults);
  return (authority) => {
    const host = unbracket(authority.hostname);
    const socket = new TlsSocket({ ...defaults, sessionStore, ALPNProtocols: ['h2'], host, port: Number(authority.port || 443), servername: defaults.servername });
    // HTTP/2 over TLS needs ALPN h2 (RFC 9113 §3.2); without it the session would fail obscurely.
    socket.once('secureConnect', () => {
      if (socket.alpnProtocol !== 'h2') socket.destroy(Object.assign(new Error(`the server did not agree to ALPN h2 (got ${socket.alpnProtocol === false ? 'none' : socket.alpnProtocol})`), { code: 'ERR_HTTP2_ERROR' }));
    });
    return socket;
  };
}
