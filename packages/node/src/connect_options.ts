/**
 * The options of `connect()` / `new TlsSocket()` and their translation into the engine's
 * `ClientConfig`: Node's names where Node has the option, ours (documented as such) otherwise.
 */
import type { Socket } from 'node:net';
import { defaultProfile, ExtensionType, type ClientConfig, type SessionStore, type TraceEvent } from '@puretls/core';
import { certificateDecompressors, type CertificateCompressionName } from './certificate_compression.js';
import { groupCodepoints, nodeCiphers, suiteCodepoints } from './names.js';
import type { ClientCertificateOptions } from './client_certificate.js';
import type { EchDnsOptions } from './ech_dns/resolve_ech.js';
import type { PumpEvent } from './pump.js';
import type { SessionInput } from './session.js';
import { pooledRandom } from './random.js';
import { chosenProvider, type VerificationOptions } from './verification.js';

/** Options of `connect()` / `new TlsSocket()`, named as in `tls.connect` where Node has a name. */
export interface ConnectOptions extends VerificationOptions, ClientCertificateOptions {
  /** The host to dial (a name or an IP literal). Default: `'localhost'`, as in `tls.connect`. */
  host?: string;
  /** The TCP port to dial. Default: 443. */
  port?: number;
  /** SNI and the name the certificate must carry. Default: `host` (an IP literal is verified, not sent). */
  servername?: string;
  /** An existing TCP socket to run TLS over (connected or connecting) instead of dialling host:port. */
  socket?: Socket;
  /** ALPN protocols in preference order. */
  ALPNProtocols?: ReadonlyArray<string | Uint8Array>;
  /**
   * Node's name, wider meaning: a deadline in ms for TCP connect plus handshake (ETIMEDOUT), then,
   * as in Node, idle time before a 'timeout' event. No default: without it the handshake waits as
   * long as the server keeps the connection open.
   */
  timeout?: number;
  /** Aborting destroys the socket (before the handshake completes, connect() rejects). */
  signal?: AbortSignal;
  /**
   * Ours (Node's nearest is `ecdhCurve`): named groups, e.g. `['x25519', 'p256', 'p384']`; the first
   * gets a key share (after a hybrid, the first classical one too). Default: the provider's groups
   * but SecP256r1MLKEM768, which is offered only when named here.
   */
  groups?: readonly string[] | string;
  /**
   * Node's option: colon-separated TLS 1.3 suite names in preference order, e.g.
   * `'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256'`. Names that are not TLS 1.3 suites
   * (TLS 1.2 ciphers, OpenSSL keywords) are refused with a TypeError, never ignored.
   */
  ciphers?: string;
  /** Ours (Node has no such option): cipher suites by IANA name or short name (`aes128`, `aes256`, `chacha20`). */
  cipherSuites?: readonly string[] | string;
  /** Ours, kept as an alias of `cipherSuites` (Node has no `ciphersuites` option; it takes TLS 1.3 suites in `ciphers`). */
  ciphersuites?: string;
  /** Keep the writable side open after the peer's close_notify (default false, as in Node). */
  allowHalfOpen?: boolean;
  /**
   * Node's option: a session to resume (RFC 9846 §2.2), the Buffer of a `'session'` event (or a
   * `SessionTicket`). A Buffer that does not decode is ignored, as Node ignores it: the handshake
   * is then a full one (`decodeSessionTicket` says what is wrong with it). A ticket for another
   * server name, or expired, is not offered. It takes precedence over `sessionStore`.
   */
  session?: SessionInput;
  /**
   * Ours: where tickets are taken from and kept (a `MemorySessionStore`, or your own), under
   * `sessionKey`. `httpsConnection()`, `undiciConnector()` and `http2Connection()` make one per
   * call; `null` there turns resumption off. Its `take` may answer with a promise (a remote
   * store): the connection waits for it (within `timeout`) before its ClientHello, and writes
   * made meanwhile wait too, then go out as 0-RTT if the ticket allows (`earlyData`); a rejection
   * means no ticket, a full handshake. A promise from `put` is not waited for (its rejection loses
   * the ticket, not the connection). `session` takes precedence.
   */
  sessionStore?: SessionStore | null;
  /** Ours: the store key of this connection. Default: `servername:port`. */
  sessionKey?: string;
  /**
   * Ours: send what is written before 'secureConnect' as 0-RTT early data (RFC 9846 §2.3) when
   * the ticket allows it. An attacker can replay 0-RTT data: write only requests that are safe
   * to repeat. Data the server refuses is resent after the handshake if the ALPN protocol is the
   * ticket's, else the socket fails with `ERR_PURETLS_EARLY_DATA_REFUSED`. Default false.
   */
  earlyData?: boolean;
  /**
   * Ours: keep the server's tickets: a `'session'` event for each, the last one for `getSession()`
   * and `getTLSTicket()`. Default: on when, as the connection starts (a microtask after the
   * constructor), it has a `'session'` listener, a `session` or a `sessionStore`; off otherwise,
   * so that an idle connection holds no ticket (each holds a secret and about 0.5 KiB).
   */
  sessionTickets?: boolean;
  /**
   * Ours: Encrypted Client Hello (RFC 9849): the server's ECHConfigList, as bytes or as the base64
   * of a DNS HTTPS record's `ech` parameter (RFC 9848). The server name and ALPN then travel
   * encrypted; the ClientHello on the wire names only the config's public name. A rejection
   * fails the socket with `EchRejectedError` (`ERR_PURETLS_ECH_REJECTED`, its `retryConfigs`
   * the server's new list), never a quiet fall back to a plaintext name. Without `ech`, GREASE
   * ECH is sent (`engine: { echGrease: false }` turns it off).
   */
  ech?: Uint8Array | string;
  /**
   * Ours: look the ECHConfigList up in DNS, in the HTTPS resource record (RFC 9460; its `ech`
   * SvcParam, RFC 9848) of `servername ?? host` (`_<port>._https.<name>` for ports other than
   * 443): `true` asks the system's resolvers (`dns.getServers()`, UDP then TCP after a truncated
   * answer); an `EchDnsOptions` names `servers`, or a DNS-over-HTTPS `dohUrl` (RFC 8484, over
   * puretls, its certificate verified against `ca` there or Node's roots), and a per-query
   * `timeout` (default 5000 ms, not part of `timeout` above). When the record names another
   * TargetName or a `port`, that is where TCP goes; SNI and verification stay on the name. No
   * record with `ech` rejects with `EchNotFoundError` (`ERR_PURETLS_ECH_NOT_FOUND`), a DNS
   * failure with `EchDnsError` (`ERR_PURETLS_ECH_DNS`): never a connection without ECH.
   * `connect()` and `undiciConnector()` only (`new TlsSocket()` refuses it, a TypeError: the
   * lookup is asynchronous and comes before the socket); not with `ech`. `echRetry` applies.
   * `socket.echDnsResult` then says what was found and where.
   */
  echDns?: boolean | EchDnsOptions;
  /**
   * Ours: with `ech`, when the server rejects it and sends retry configs, `connect()` connects
   * once more with them (RFC 9849 §6.1.6: one retry, never a second). Default false.
   */
  echRetry?: boolean;
  /**
   * Ours (Node has none): certificate compression (RFC 8879), the algorithms offered for the
   * server's Certificate, in preference order, decompressed with `node:zlib` and capped at the
   * declared length (at most `Limits.maxUncompressedCertificate`). Default `['brotli', 'zlib']`;
   * `false` (or `[]`) sends no compress_certificate extension. `socket.info.certificateCompressionName`
   * says whether the server used it. `engine.certificateDecompressors` replaces the list when this
   * option is not given.
   */
  certificateCompression?: false | readonly CertificateCompressionName[];
  /**
   * Node's option, another default: offer status_request (RFC 6066 §8) so the server may staple an
   * OCSP response for its certificate, checked by the verifier (`ocsp`) and handed to the
   * `'OCSPResponse'` listeners (a Buffer, or null if none was stapled), just before
   * `'secureConnect'`. Default true (Node's is false) unless `engine.profile` leaves status_request
   * out; false sends no status_request.
   */
  requestOCSP?: boolean;
  /**
   * Ours: offer signed_certificate_timestamp (RFC 6962 §3.3.1): the server may send its leaf's
   * SCTs, kept raw in `engine.info.signedCertificateTimestamps` (not verified: that needs the CT
   * logs' keys). Default true.
   */
  requestSCT?: boolean;
  /** Ours: further engine settings (profile, clock, randomness, keyLog, recordSizeLimit; `crypto` as the top-level option). */
  engine?: Partial<ClientConfig>;
  /**
   * Ours (Node's nearest is `enableTrace`): receives every record, handshake message (a decoded
   * summary), alert and CCS, in wire order; `formatTraceEvent` (the CLI's `--trace`) prints them
   * as `openssl s_client -msg` does. Never keys or application data.
   */
  trace?: (event: TraceEvent) => void;
  /** Ours: observer of the pump's WANT_READ / WANT_WRITE handling (the demo and the CLI's --verbose). */
  onPumpEvent?: (e: PumpEvent) => void;
}

/** The suites asked for, by Node's `ciphers` or our `cipherSuites` (not both: which would win is unclear). */
function suiteChoice(opts: ConnectOptions): number[] | undefined {
  const ours = opts.cipherSuites ?? opts.ciphersuites;
  if (opts.ciphers !== undefined && ours !== undefined) throw new TypeError('give the cipher suites in one option: ciphers (Node\'s) or cipherSuites, not both');
  if (opts.ciphers !== undefined) return nodeCiphers(opts.ciphers);
  return ours === undefined ? undefined : suiteCodepoints(ours);
}

/**
 * The engine configuration for Node-style options.
 *
 * @example
 * new TlsClient(engineConfig({ ALPNProtocols: ['h2'] }, 'example.com', verifier));
 */
export function engineConfig(opts: ConnectOptions, servername: string, verifier: ClientConfig['verifier']): ClientConfig {
  const groups = opts.groups === undefined ? undefined : groupCodepoints(opts.groups);
  const suites = suiteChoice(opts);
  // On by default where the ClientHello profile can carry them (a custom engine.profile may not).
  const order = (opts.engine?.profile ?? defaultProfile).extensionOrder;
  return {
    requestOcsp: opts.requestOCSP ?? order.includes(ExtensionType.status_request),
    requestSct: opts.requestSCT ?? order.includes(ExtensionType.signed_certificate_timestamp),
    random: pooledRandom,
    ...opts.engine,
    crypto: chosenProvider(opts),
    serverName: servername,
    verifier,
    dangerouslySkipCertificateVerification: opts.dangerouslySkipCertificateVerification,
    alpnProtocols: opts.ALPNProtocols?.map((p) => (typeof p === 'string' ? p : new TextDecoder().decode(p))),
    ...(groups !== undefined ? { groups, keyShareGroups: groups.slice(0, 1) } : {}),
    ...(suites !== undefined ? { cipherSuites: suites } : {}),
    ...(opts.trace !== undefined ? { trace: opts.trace } : {}),
    ...(opts.earlyData === true ? { earlyData: true } : {}),
    ...(opts.ech !== undefined ? { ech: opts.ech } : {}),
    certificateDecompressors: opts.certificateCompression === undefined && opts.engine?.certificateDecompressors !== undefined
      ? opts.engine.certificateDecompressors
      : certificateDecompressors(opts.certificateCompression),
  };
}

