/**
 * The public types of the sans-I/O client: configuration, statuses, results and the verifier
 * interface. The engine itself is `TlsClient` in `client/connection.ts`.
 */
import type { CryptoProvider, PrivateKey, RandomSource, Signer } from './crypto/provider.js';
import type { ClientHelloProfile } from './client/profile.js';
import type { RecordPadding } from './record/padding.js';
import type { ServerName } from './client/server_name.js';
import type { TraceEvent } from './client/trace.js';


/**
 * What an operation needs before it can make progress (OpenSSL's SSL_get_error values):
 * - `ok`: done.
 * - `want-read`: feed more bytes from the network with `receive()`, then call the same operation again.
 * - `want-write`: send the bytes from `takeOutgoing()`, then call the same operation again.
 * - `want-async`: await `pendingWork()`, then call again. The work is an asynchronous certificate
 *   verifier, or records sealed or opened by an AEAD with `sealAsync` / `openAsync` (WebCrypto):
 *   `read()` waits for the next record's open (plaintext comes strictly in record order), and a
 *   `write()` that took data waits for its records' seals; retry it with the same data, and it
 *   reports the bytes taken (as OpenSSL's SSL_write after SSL_ERROR_WANT_ASYNC).
 * - `eof`: the peer sent close_notify; nothing more will be read (writing is still allowed).
 */
export type Status = 'ok' | 'want-read' | 'want-write' | 'want-async' | 'eof';

/** Result of `write()`: how many plaintext bytes were accepted, or what is needed first. */
export type WriteResult = { status: 'ok'; written: number } | { status: 'want-read' | 'want-write' | 'want-async' };

/** Result of `read()`: decrypted application data, or what is needed first / `eof`. */
export type ReadResult = { status: 'ok'; data: Uint8Array } | { status: 'want-read' | 'want-write' | 'want-async' | 'eof' };

/** What a certificate verifier is given. */
export interface VerifyInput {
  /** The server's chain as sent: leaf first, DER. */
  readonly chain: readonly Uint8Array[];
  /**
   * The name we asked for (SNI, A-label form, no trailing dot), or the IP literal's canonical
   * text; undefined if none. Kept for verifiers that take a string: prefer `serverIdentity`.
   */
  readonly serverName: string | undefined;
  /**
   * The same name, typed and parsed once (the grammar SNI used): a DNS name is checked against
   * dNSName SANs only, an IP against iPAddress SANs only (RFC 9525 §6).
   */
  readonly serverIdentity?: ServerName | undefined;
  /** Milliseconds since the epoch, from the configuration's clock. */
  readonly now: number;
  /**
   * The DER OCSPResponse stapled to the leaf (status_request in the leaf's CertificateEntry, RFC
   * 9846 §4.5.1.1), if any: sent only when we offered status_request (`requestOcsp`).
   */
  readonly ocspResponse?: Uint8Array | undefined;
  /**
   * The leaf's SignedCertificateTimestampList as sent (RFC 6962 §3.3: `SerializedSCT
   * sct_list<1..2^16-1>`), if any: sent only when we offered signed_certificate_timestamp (`requestSct`).
   */
  readonly signedCertificateTimestamps?: Uint8Array | undefined;
  /**
   * True when a driver checks again, after a resumed handshake (RFC 9846 §2.2), the chain of the
   * full handshake its ticket came from: no Certificate was sent, so nothing could be stapled,
   * and a staple requirement (must-staple, RFC 7633) cannot apply. The engine never sets it.
   */
  readonly resumed?: boolean | undefined;
}

/**
 * Checks the server's certificate chain. Throw a `CertificateError` (or return a promise that
 * rejects with one) to refuse it. Returning a promise (any thenable, from any realm) makes
 * `handshake()` report `want-async` until it settles; anything else returned is a synchronous
 * success.
 *
 * @example
 * const pinned: CertificateVerifier = {
 *   verifyServerCertificate: ({ chain }) => {
 *     if (!equalBytes(chain[0]!, expectedLeaf)) throw new CertificateError('unknown-issuer', 'bad_certificate', 'not the pinned certificate');
 *   },
 * };
 */
export interface CertificateVerifier {
  /** Accepts (returns, or resolves) or refuses (throws, or rejects with a `CertificateError`) the server's chain for `input.serverIdentity` at `input.now`. */
  verifyServerCertificate(input: VerifyInput): void | PromiseLike<void>;
}

/**
 * A NewSessionTicket as handed to the application (RFC 9846 §4.7.1), with everything a later
 * resumption needs: the PSK, the suite, and what the original connection established (server
 * name, ALPN, the server's chain as verified, so that a resumed connection still reports who it
 * talks to). Offer it again with `ClientConfig.session` or through a `SessionStore`; serialise it
 * with `encodeSessionTicket`. It holds a secret (`psk`): store it as you would a key.
 */
export interface SessionTicket {
  /** How long the ticket may be used, in seconds from its receipt (at most 604800), RFC 9846 §4.7.1. */
  readonly lifetimeSeconds: number;
  /** ticket_age_add: added (mod 2^32) to the ticket age in ms to obfuscate it in a later ClientHello. */
  readonly ageAdd: number;
  /** ticket_nonce: distinguishes the tickets of one connection in the PSK derivation. */
  readonly nonce: Uint8Array;
  /** The opaque ticket to send back as the PSK identity when resuming. */
  readonly ticket: Uint8Array;
  /** max_early_data_size from the early_data extension, if present: the ticket allows 0-RTT (RFC 9846 §4.7.1). */
  readonly maxEarlyData: number | undefined;
  /** The PSK derived from the resumption master secret and the nonce (RFC 9846 §4.7.1). */
  readonly psk: Uint8Array;
  /** The suite the ticket belongs to: a resumption must use a suite with its hash, 0-RTT this very suite. */
  readonly cipherSuite: number;
  /** When it was received (configuration clock, ms). */
  readonly receivedAt: number;
  /** The server name of the connection that received it (it is offered only to the same name). */
  readonly serverName: string | undefined;
  /** The ALPN protocol of that connection (0-RTT is sent only when offering the same one, RFC 9846 §4.3.10). */
  readonly alpnProtocol: string | undefined;
  /** The server's chain as verified in the full handshake the ticket descends from, leaf first. */
  readonly peerCertificates: readonly Uint8Array[];
  /** The scheme the server signed that handshake's CertificateVerify with. */
  readonly signatureScheme: number;
  /**
   * Whether a verifier checked that chain (false: the connection ran with
   * dangerouslySkipCertificateVerification). A connection that has a verifier resumes only from
   * a verified ticket: a resumed handshake checks no certificate, so it inherits the original's.
   */
  readonly verified: boolean;
}

/**
 * Where tickets are kept between connections. `take` hands out a ticket for `key` and forgets
 * it (a ticket used once is not a cross-connection identifier, RFC 9846 §C.4); `put` keeps one.
 * `MemorySessionStore` is the bounded in-memory implementation.
 *
 * @example
 * const store = new MemorySessionStore();
 * new TlsClient({ serverName: 'example.com', verifier, sessionStore: store });
 */
export interface SessionStore {
  /** Keeps `ticket` for later connections to `key`. A returned promise is not awaited; its rejection is ignored (the ticket is lost, the connection unaffected). */
  put(key: string, ticket: SessionTicket): void | PromiseLike<void>;
  /**
   * A ticket for `key` that is still valid at `now` (ms), removed from the store unless the store
   * allows reuse; undefined if none. A promise (a remote store) makes `handshake()` report
   * want-async until it settles; a rejection means no ticket.
   */
  take(key: string, now: number): SessionTicket | undefined | PromiseLike<SessionTicket | undefined>;
}

/**
 * The client configuration. Only `serverName` and a verifier (or the dangerous switch) are
 * usually needed; everything else has modern defaults.
 *
 * @example
 * const client = new TlsClient({ serverName: 'example.com', verifier: myVerifier, alpnProtocols: ['http/1.1'] });
 */
export interface ClientConfig {
  /**
   * Host name for SNI and certificate checks, parsed by `parseServerName`: an internationalized
   * name is sent and verified in A-label form, a trailing dot dropped; an IPv4/IPv6 literal
   * (canonical forms only, IPv6 possibly in brackets) is verified against iPAddress SANs but not
   * sent as SNI. `127.1`, `host:port` and other non-names are refused with an ApiMisuseError.
   */
  serverName?: string;
  /** Certificate verifier. Required unless `dangerouslySkipCertificateVerification` is set. */
  verifier?: CertificateVerifier;
  /** Skips certificate *chain* verification (CertificateVerify is still checked). Never the default. */
  dangerouslySkipCertificateVerification?: boolean;
  /** ALPN protocol names in preference order. */
  alpnProtocols?: string[];
  /** Cipher suite codepoints, preference order. Default: AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305. */
  cipherSuites?: number[];
  /**
   * Named groups advertised in supported_groups, in preference order; any of the provider's groups.
   * Default: the provider's groups offered by default (X25519MLKEM768, x25519, secp256r1,
   * secp384r1; SecP256r1MLKEM768 only when named here).
   */
  groups?: number[];
  /** Groups that get a key share in the first ClientHello. Default: [x25519]. */
  keyShareGroups?: number[];
  /** Signature schemes for signature_algorithms. */
  signatureSchemes?: number[];
  /** Signature schemes for signature_algorithms_cert. */
  signatureSchemesCert?: number[];
  /** Middlebox compatibility mode (RFC 9846 §D.4): 32-byte session id and a CCS. Default true. */
  middleboxCompatibility?: boolean;
  /** Extension order, extra legacy extensions, padding: see `ClientHelloProfile`. */
  profile?: ClientHelloProfile;
  /** Clock, ms since the epoch. Default: `Date.now` via `defaults.ts`. */
  now?: () => number;
  /** Randomness. Default: `crypto.getRandomValues` via `defaults.ts`. */
  random?: RandomSource;
  /** Crypto backend. Default: noble. */
  crypto?: CryptoProvider;
  /** Called for each NewSessionTicket received after the handshake. */
  onSessionTicket?: (ticket: SessionTicket) => void;
  /**
   * A ticket to resume with (RFC 9846 §2.2): offered as a PSK if it is still valid and fits this
   * connection (same server name, a suite with its hash offered); otherwise a full handshake. It
   * takes precedence over `sessionStore`.
   */
  session?: SessionTicket;
  /** Tickets received are put here, and the next connection to the same `sessionKey` takes one. */
  sessionStore?: SessionStore;
  /** The key tickets are stored under. Default: the server name (the Node driver uses `host:port`). */
  sessionKey?: string;
  /**
   * Send what the application writes before the handshake completes as 0-RTT early data
   * (RFC 9846 §2.3), when the ticket allows it and the ALPN protocol is the ticket's. Early data
   * can be replayed by an attacker (RFC 9846 §8): send only requests that are safe to repeat.
   * If the server refuses it, `TlsClient.takeRejectedEarlyData()` returns the bytes to resend.
   */
  earlyData?: boolean;
  /**
   * The PSK key exchange modes offered (RFC 9846 §4.3.9), in preference order. Default
   * `['psk_dhe_ke']`: a resumption still runs an (EC)DHE exchange, so it has forward secrecy.
   * `'psk_ke'` lets the server resume without one: cheaper, but whoever later learns the ticket's
   * PSK can decrypt that connection.
   */
  pskKeyExchangeModes?: ('psk_dhe_ke' | 'psk_ke')[];
  /**
   * Padding of our protected records (RFC 9846 §5.4), to hide their lengths: `{ blockSize: N }`
   * pads every TLSInnerPlaintext to a multiple of N (OpenSSL's block padding), a function returns
   * the bytes of padding per record. Never past a record's limit. Default: none.
   */
  recordPadding?: RecordPadding;
  /**
   * GREASE (RFC 8701): reserved values in the ClientHello (a cipher suite, two extensions, a group
   * with a one-byte share, a signature scheme, a version, a PSK mode, an ALPN name) that keep
   * servers tolerant of values they do not know. Default: the profile's (on in the default profile).
   */
  grease?: boolean;
  /** Record size limit to advertise (RFC 8449), 64..16385; undefined means don't send one. */
  recordSizeLimit?: number;
  /**
   * Receives each traffic secret in the NSS key log format (`LABEL client_random secret`, hex),
   * for Wireshark (SSLKEYLOGFILE) and tests. Anything given this can decrypt the connection.
   */
  keyLog?: (line: string) => void;
  /**
   * Receives every record, handshake message (a decoded summary), alert and CCS sent and
   * received, in wire order, as `openssl s_client -msg` prints them. Never keys, application data
   * or random values. Unset, it costs one check per record. It runs inside the engine's calls:
   * an exception it throws fails the connection (internal_error).
   */
  trace?: (event: TraceEvent) => void;
  /**
   * Our certificate for a server that asks for one (RFC 9846 §4.4.2), during the handshake and,
   * with `postHandshakeAuth`, after it: a fixed chain and key, or a function that sees the
   * request (its signature schemes, CA names, OID filters) and returns a chain and key or signer,
   * or undefined for none (an empty Certificate: the server decides). The function may return a
   * promise (a token, a remote signer): the engine reports want-async until it settles.
   */
  clientCertificate?: ClientCertificate | ((request: CertificateRequestInfo) => ClientCertificate | undefined | PromiseLike<ClientCertificate | undefined>);
  /**
   * Sends `post_handshake_auth` (RFC 9846 §4.3.6): the server may then ask for a certificate at
   * any time after the handshake. Off by default; without it such a request is unexpected_message.
   */
  postHandshakeAuth?: boolean;
  /**
   * Encrypted Client Hello (RFC 9849): the server's ECHConfigList, as bytes or as the base64 of a
   * DNS HTTPS record's `ech` parameter (RFC 9848). The real server name and ALPN then travel only
   * inside the encrypted ClientHelloInner; the outer hello names the config's public_name. A list
   * that does not decode, or has no config we support, is refused here (never a silent fall back
   * to a plaintext server name). If the server rejects ECH, the handshake is checked against the
   * public_name and then fails with an `EchRejectedError` carrying the server's retry configs.
   * A `session` ticket (and 0-RTT) is offered inside the ClientHelloInner only; the outer hello
   * carries a GREASE pre_shared_key of the same shape (§6.1.2).
   *
   * @example
   * new TlsClient({ serverName: 'private.example', verifier, ech: 'AEX+DQBBuQAgACB...' });
   */
  ech?: Uint8Array | string;
  /**
   * GREASE ECH (RFC 9849 §6.2): when no `ech` config is given, send an encrypted_client_hello
   * extension that looks real and is not, so that real ECH does not stand out. Default: on
   * whenever GREASE is (the default profile), off for profiles without it (the RFC 8448 replays).
   */
  echGrease?: boolean;
  /**
   * Certificate compression (RFC 8879): the algorithms we can decompress, in preference order,
   * sent in a compress_certificate extension; the server may then send its Certificate
   * compressed with one of them. Default: none (no extension; the engine has no decompressor of
   * its own: `@puretls/node` supplies zlib and brotli from `node:zlib`, `@puretls/web` zlib
   * through fflate). At most 127, one per algorithm.
   */
  certificateDecompressors?: readonly CertificateDecompressor[];
  /**
   * Offers status_request (RFC 6066 §8, type ocsp, any responder, no request extensions): the
   * server may staple an OCSP response to its leaf (RFC 9846 §4.5.1.1), handed to the verifier as
   * `VerifyInput.ocspResponse` and reported as `ConnectionInfo.ocspResponse`. Off by default here
   * (the Node driver turns it on); without it a stapled response is unsupported_extension.
   */
  requestOcsp?: boolean;
  /**
   * Offers signed_certificate_timestamp (RFC 6962 §3.3.1): the server may send the leaf's SCTs,
   * handed to the verifier as `VerifyInput.signedCertificateTimestamps` (puretls does not check
   * them: that needs the CT logs' keys). Off by default.
   */
  requestSct?: boolean;
}

/**
 * A certificate decompression algorithm (RFC 8879 §3) for `ClientConfig.certificateDecompressors`.
 * `decompress` must return exactly the decompressed bytes and must never produce more than
 * `uncompressedLength` of them: it stops, and throws, as soon as the output would exceed it (a
 * compressed stream of a few kilobytes can inflate to gigabytes). The engine checks
 * `uncompressedLength` against `Limits.maxUncompressedCertificate` before calling it and the
 * result's length after; a throw ends the handshake with bad_certificate (RFC 8879 §4).
 *
 * @example
 * const zlib: CertificateDecompressor = {
 *   algorithm: CertificateCompressionAlgorithm.zlib,
 *   name: 'zlib',
 *   decompress: (input, uncompressedLength) => inflateSync(input, { maxOutputLength: uncompressedLength }),
 * };
 */
export interface CertificateDecompressor {
  /** The CertificateCompressionAlgorithm codepoint: zlib 1, brotli 2, zstd 3 (RFC 8879 §7.3). */
  readonly algorithm: number;
  /** A name for messages and `ConnectionInfo.certificateCompressionName`, e.g. `'zlib'`. */
  readonly name: string;
  /** The decompressed Certificate body; `uncompressedLength` is both the declared length and the output cap. */
  decompress(input: Uint8Array, uncompressedLength: number): Uint8Array;
}

/**
 * A client certificate: the chain, leaf first, DER, and what signs with the leaf's key, either
 * `key` (signed with through the provider's `createSigner`) or a `signer` of the application's.
 *
 * @example
 * const cert: ClientCertificate = { chain: [leafDer, intermediateDer], key: parsePrivateKey(keyPem) };
 */
export interface ClientCertificate {
  /** The certificates, leaf first, DER (`parseCertificateChain` turns PEM into this). */
  readonly chain: readonly Uint8Array[];
  /** The leaf's private key (`parsePrivateKey`); the provider's `createSigner` signs with it. */
  readonly key?: PrivateKey;
  /** What signs instead of `key`: a token, a remote service; takes precedence over `key`. */
  readonly signer?: Signer;
}

/**
 * A server's CertificateRequest (RFC 9846 §4.4.2), as the `clientCertificate` function sees it.
 *
 * @example
 * clientCertificate: (req) => req.signatureSchemes.includes(0x0403) ? ecCert : rsaCert,
 */
export interface CertificateRequestInfo {
  /** After the handshake (post_handshake_auth, §4.7.2) or in it. */
  readonly postHandshake: boolean;
  /** certificate_request_context (empty during the handshake). */
  readonly context: Uint8Array;
  /** signature_algorithms: the schemes the server accepts in our CertificateVerify. */
  readonly signatureSchemes: readonly number[];
  /** signature_algorithms_cert, if sent: the schemes it accepts in our chain's certificates. */
  readonly certificateSignatureSchemes: readonly number[] | undefined;
  /** certificate_authorities: DER DistinguishedNames of the CAs it trusts (empty if not sent). */
  readonly certificateAuthorities: readonly Uint8Array[];
  /** oid_filters (§4.3.5): certificate extension OIDs (DER content octets) with their required values. */
  readonly oidFilters: readonly { readonly oid: Uint8Array; readonly values: Uint8Array }[];
}

/** What the caller can learn once the handshake is done. */
export interface ConnectionInfo {
  /** The protocol version: always TLS 1.3, the only one puretls speaks (Node's spelling). */
  readonly version: 'TLSv1.3';
  /** The cipher suite the server chose (IANA codepoint, e.g. 0x1301), RFC 9846 §B.4. */
  readonly cipherSuite: number;
  /** The suite's IANA name, e.g. `'TLS_AES_128_GCM_SHA256'`. */
  readonly cipherSuiteName: string;
  /**
   * The key exchange group of the shared secret (IANA codepoint, e.g. 0x001d), RFC 9846 §4.2.7;
   * undefined for a psk_ke resumption, which has no (EC)DHE (only with `pskKeyExchangeModes` allowing it).
   */
  readonly group: number | undefined;
  /** The group's IANA name, e.g. `'x25519'`; undefined with `group`. */
  readonly groupName: string | undefined;
  /** Whether the server asked for another key share with a HelloRetryRequest (RFC 9846 §4.1.4). */
  readonly helloRetryRequest: boolean;
  /** The protocol agreed by ALPN (RFC 7301), or undefined if the server selected none. */
  readonly alpnProtocol: string | undefined;
  /** The server's chain as sent, leaf first, DER. */
  readonly peerCertificates: readonly Uint8Array[];
  /** The DER OCSP response the server stapled to its leaf (with `requestOcsp`), undefined if none or resumed. */
  readonly ocspResponse: Uint8Array | undefined;
  /** The leaf's SignedCertificateTimestampList as sent (with `requestSct`), undefined if none or resumed. */
  readonly signedCertificateTimestamps: Uint8Array | undefined;
  /** The scheme of the server's CertificateVerify signature (IANA codepoint), RFC 9846 §4.5.2. */
  readonly signatureScheme: number;
  /** The scheme's IANA name, e.g. `'ecdsa_secp256r1_sha256'`. */
  readonly signatureSchemeName: string;
  /** The server's record_size_limit (RFC 8449), if it sent one. */
  readonly peerRecordSizeLimit: number | undefined;
  /**
   * Whether the server accepted our ticket (RFC 9846 §2.2): the handshake had no Certificate;
   * `peerCertificates` and `signatureScheme` are then those of the original full handshake.
   */
  readonly resumed: boolean;
  /** What became of 0-RTT data (RFC 9846 §4.3.10): accepted, rejected (resend it as 1-RTT), or not offered. */
  readonly earlyData: 'accepted' | 'rejected' | 'not-offered';
  /** Whether the server asked for a client certificate during the handshake (RFC 9846 §4.4.2). */
  readonly certificateRequested: boolean;
  /** The chain we sent in answer, leaf first (empty: none sent). */
  readonly clientCertificates: readonly Uint8Array[];
  /**
   * Encrypted Client Hello (RFC 9849): `'accepted'` (the server decrypted our ClientHelloInner
   * and authenticated as the real server name), `'grease'` (we sent GREASE ECH, §6.2), or
   * `'not-offered'`. A rejected ECH never completes: it fails with an `EchRejectedError`.
   */
  readonly ech: 'accepted' | 'grease' | 'not-offered';
  /**
   * The algorithm (codepoint) the server compressed its Certificate with (RFC 8879), or undefined
   * when it sent it uncompressed (or the handshake was resumed: no Certificate).
   */
  readonly certificateCompression: number | undefined;
  /** Its decompressor's name, e.g. `'brotli'`; undefined with `certificateCompression`. */
  readonly certificateCompressionName: string | undefined;
}
