/**
 * Resolves a {@link ClientConfig} into the complete, validated settings the handshake uses.
 * Configuration mistakes are API misuse, reported before any byte is sent.
 */
import type { CertificateDecompressor, CertificateVerifier, ClientCertificate, ClientConfig, SessionStore, SessionTicket } from '../api.js';
import { defaultNow, defaultRandom } from '../crypto/defaults.js';
import { nobleProvider } from '../crypto/noble/index.js';
import type { CryptoProvider, RandomSource, SupportedCipherSuite, SupportedGroup, SupportedSignatureScheme } from '../crypto/provider.js';
import { ApiMisuseError } from '../errors.js';
import { checkRecordPadding, type RecordPadding } from '../record/padding.js';
import { ExtensionType, PskKeyExchangeMode } from '../msgs/enums.js';
import { type ClientHelloProfile, defaultProfile } from './profile.js';
import { parseServerName, type ServerName } from './server_name.js';
import type { TraceEvent } from './trace.js';
import { resolveEch, type ChosenEchConfig } from './ech_config_choice.js';

/** The configuration with every default filled in. */
export interface ResolvedConfig {
  /** The server name, parsed once: the SNI (DNS names only, RFC 6066 §3) and the identity checked. */
  readonly serverIdentity: ServerName | undefined;
  /** Its text (the A-label name, or the IP's canonical text) for verifiers that take a string. */
  readonly serverName: string | undefined;
  readonly verifier: CertificateVerifier | undefined;
  readonly alpnProtocols: readonly Uint8Array[];
  /** The suites we offer, as the provider supplies them, in our preference order. */
  readonly cipherSuites: readonly SupportedCipherSuite[];
  /** supported_groups, in preference order. */
  readonly groups: readonly SupportedGroup[];
  /** The groups that get a key share in the first ClientHello. */
  readonly keyShareGroups: readonly SupportedGroup[];
  /** signature_algorithms: schemes we accept in CertificateVerify. */
  readonly signatureSchemes: readonly SupportedSignatureScheme[];
  /** signature_algorithms_cert: codepoints we accept in certificates. */
  readonly signatureSchemesCert: readonly number[];
  readonly middleboxCompatibility: boolean;
  readonly profile: ClientHelloProfile;
  /** Whether the ClientHello carries GREASE (RFC 8701): `grease`, else the profile's. */
  readonly grease: boolean;
  readonly now: () => number;
  readonly random: RandomSource;
  readonly crypto: CryptoProvider;
  readonly onSessionTicket: ((t: SessionTicket) => void) | undefined;
  /** The ticket to offer (RFC 9846 §2.2), if the application gave one. */
  readonly session: SessionTicket | undefined;
  readonly sessionStore: SessionStore | undefined;
  /** The store's key for this connection: `sessionKey`, else the server name. */
  readonly sessionKey: string | undefined;
  /** Whether writes before the handshake completes may go out as 0-RTT data (RFC 9846 §2.3). */
  readonly earlyData: boolean;
  /** psk_key_exchange_modes codepoints (RFC 9846 §4.3.9), preference order. */
  readonly pskModes: readonly number[];
  readonly recordSizeLimit: number | undefined;
  readonly recordPadding: RecordPadding | undefined;
  readonly keyLog: ((line: string) => void) | undefined;
  readonly trace: ((event: TraceEvent) => void) | undefined;
  /** Our certificate, or the function that chooses one per request (RFC 9846 §4.4.2). */
  readonly clientCertificate: ClientConfig['clientCertificate'];
  /** Whether post_handshake_auth is offered (RFC 9846 §4.3.6). */
  readonly postHandshakeAuth: boolean;
  /** The ECHConfig we encrypt the ClientHelloInner to (RFC 9849 §6.1), when `ech` is given. */
  readonly ech: ChosenEchConfig | undefined;
  /** Whether GREASE ECH is sent when there is no `ech` (RFC 9849 §6.2). */
  readonly echGrease: boolean;
  /** The algorithms of compress_certificate (RFC 8879 §3), preference order; empty: not sent. */
  readonly certificateDecompressors: readonly CertificateDecompressor[];
  /** Whether status_request (OCSP stapling, RFC 6066 §8) is offered. */
  readonly requestOcsp: boolean;
  /** Whether signed_certificate_timestamp (RFC 6962 §3.3.1) is offered. */
  readonly requestSct: boolean;
}

function check(cond: boolean, msg: string): void {
  if (!cond) throw new ApiMisuseError(`invalid configuration: ${msg}`);
}

/** A fixed client certificate must be usable as it stands: a chain of DER certificates and a key or signer. */
function checkClientCertificate(c: ClientConfig['clientCertificate'], crypto: CryptoProvider): void {
  if (c === undefined || typeof c === 'function') return;
  check(typeof c === 'object' && c !== null, 'clientCertificate: a { chain, key } / { chain, signer } object or a function');
  const cert = c as ClientCertificate;
  check(Array.isArray(cert.chain) && cert.chain.length > 0 && cert.chain.every((d) => d instanceof Uint8Array && d.length > 0), 'clientCertificate.chain: one or more DER certificates, leaf first');
  check(cert.key !== undefined || cert.signer !== undefined, 'clientCertificate: a key or a signer');
  check(cert.signer !== undefined || crypto.createSigner !== undefined, 'clientCertificate: the crypto provider cannot sign (no createSigner); give a signer');
  check(cert.signer === undefined || (Array.isArray(cert.signer.schemes) && typeof cert.signer.sign === 'function'), 'clientCertificate.signer: { schemes, sign }');
}

/**
 * Decompressors must each name a distinct algorithm (0 is reserved, RFC 8879 §7.3) and fit the
 * extension's `algorithms<2..2^8-2>`: at most 127 of them.
 */
function checkDecompressors(list: ClientConfig['certificateDecompressors']): readonly CertificateDecompressor[] {
  if (list === undefined) return [];
  check(Array.isArray(list) && list.length <= 127, 'certificateDecompressors: an array of at most 127 decompressors');
  for (const d of list) {
    check(typeof d === 'object' && d !== null && Number.isInteger(d.algorithm) && d.algorithm >= 1 && d.algorithm <= 0xffff, 'certificateDecompressors: each has an algorithm codepoint 1..65535');
    check(typeof d.name === 'string' && d.name.length > 0 && typeof d.decompress === 'function', 'certificateDecompressors: each has a name and a decompress function');
  }
  check(new Set(list.map((d) => d.algorithm)).size === list.length, 'certificateDecompressors: one decompressor per algorithm');
  return [...list];
}

/** Codepoints chosen by the application, resolved against what the provider supplies. */
function select<T extends { readonly id: number }>(what: string, wanted: readonly number[] | undefined, available: readonly T[], fallback: readonly T[]): readonly T[] {
  if (wanted === undefined) return fallback;
  check(new Set(wanted).size === wanted.length, `duplicate ${what}`);
  return wanted.map((id) => {
    const found = available.find((a) => a.id === id);
    check(found !== undefined, `unsupported ${what} 0x${id.toString(16).padStart(4, '0')}`);
    return found!;
  });
}

/**
 * The signature schemes a default ClientHello offers in CertificateVerify (RFC 9846 §4.5.2: never
 * PKCS#1 v1.5), from the provider's registry.
 *
 * @example
 * defaultSignatureSchemes(nobleProvider).map((s) => s.name); // ['ecdsa_secp256r1_sha256', ...]
 */
export function defaultSignatureSchemes(provider: CryptoProvider): readonly SupportedSignatureScheme[] {
  return provider.signatureSchemes.filter((s) => s.certificateVerify && s.offeredByDefault);
}

/**
 * The codepoints a default signature_algorithms_cert accepts: the above plus PKCS#1 v1.5
 * (RFC 9846 §4.3.3).
 *
 * @example
 * defaultSignatureSchemesCert(nobleProvider).includes(0x0401); // true
 */
export function defaultSignatureSchemesCert(provider: CryptoProvider): readonly number[] {
  return provider.signatureSchemes.filter((s) => s.offeredByDefault).map((s) => s.id);
}

/**
 * Signature schemes the default noble provider offers in CertificateVerify, by codepoint.
 *
 * @example
 * new TlsClient({ ...cfg, signatureSchemes: DEFAULT_SIGNATURE_SCHEMES.filter((s) => s !== 0x0807) });
 */
export const DEFAULT_SIGNATURE_SCHEMES: readonly number[] = defaultSignatureSchemes(nobleProvider).map((s) => s.id);

/**
 * Signature schemes the default noble provider accepts in certificates, by codepoint.
 *
 * @example
 * DEFAULT_SIGNATURE_SCHEMES_CERT.includes(0x0401); // true: PKCS#1 v1.5 in certificates
 */
export const DEFAULT_SIGNATURE_SCHEMES_CERT: readonly number[] = defaultSignatureSchemesCert(nobleProvider);

/**
 * Fills in defaults and validates a client configuration.
 *
 * @example
 * const cfg = resolveConfig({ serverName: 'example.com', dangerouslySkipCertificateVerification: true });
 * cfg.cipherSuites.map((s) => s.id); // [0x1301, 0x1302, 0x1303]
 */
export function resolveConfig(c: ClientConfig): ResolvedConfig {
  check(c.verifier !== undefined || c.dangerouslySkipCertificateVerification === true,
    'a verifier is required (or dangerouslySkipCertificateVerification: true)');
  const crypto = c.crypto ?? nobleProvider;
  const cipherSuites = select('cipher suite', c.cipherSuites, crypto.cipherSuites, crypto.cipherSuites);
  check(cipherSuites.length > 0, 'no cipher suites');
  const groups = select('group', c.groups, crypto.groups, crypto.groups.filter((g) => g.offeredByDefault !== false));
  check(groups.length > 0, 'no groups');
  // The first group gets a share; after a post-quantum first group, the first classical one too.
  const classical = groups.find((g) => g.postQuantum !== true);
  const defaultShares = groups[0]!.postQuantum === true && classical !== undefined ? [groups[0]!, classical] : [groups[0]!];
  const keyShareGroups = select('key share group', c.keyShareGroups, groups, defaultShares);
  const signatureSchemes = select('signature scheme', c.signatureSchemes, crypto.signatureSchemes.filter((s) => s.certificateVerify), defaultSignatureSchemes(crypto));
  const signatureSchemesCert = c.signatureSchemesCert ?? defaultSignatureSchemesCert(crypto);
  const alpn = (c.alpnProtocols ?? []).map((p) => new TextEncoder().encode(p));
  for (const p of alpn) check(p.length >= 1 && p.length <= 255, 'ALPN protocol names are 1..255 bytes');
  const rsl = c.recordSizeLimit;
  check(c.trace === undefined || typeof c.trace === 'function', 'trace must be a function');
  const modes = c.pskKeyExchangeModes;
  check(modes === undefined || (modes.length > 0 && new Set(modes).size === modes.length && modes.every((m) => m === 'psk_ke' || m === 'psk_dhe_ke')), "pskKeyExchangeModes: one or both of 'psk_dhe_ke', 'psk_ke', no duplicates");
  check(c.sessionStore === undefined || (typeof c.sessionStore.put === 'function' && typeof c.sessionStore.take === 'function'), 'sessionStore must have put() and take()');
  check(rsl === undefined || (Number.isInteger(rsl) && rsl >= 64 && rsl <= 16385), 'recordSizeLimit must be 64..16385 (RFC 8449)');
  checkClientCertificate(c.clientCertificate, crypto);
  checkRecordPadding(c.recordPadding);
  const certificateDecompressors = checkDecompressors(c.certificateDecompressors);
  check(c.postHandshakeAuth === undefined || typeof c.postHandshakeAuth === 'boolean', 'postHandshakeAuth must be a boolean');
  check(c.requestOcsp === undefined || typeof c.requestOcsp === 'boolean', 'requestOcsp must be a boolean');
  check(c.requestSct === undefined || typeof c.requestSct === 'boolean', 'requestSct must be a boolean');
  // A profile lists what a ClientHello may carry: asking for an extension it leaves out would be ignored silently.
  const order = (c.profile ?? defaultProfile).extensionOrder;
  check(c.requestOcsp !== true || order.includes(ExtensionType.status_request), "requestOcsp: the profile's extensionOrder has no status_request");
  check(c.requestSct !== true || order.includes(ExtensionType.signed_certificate_timestamp), "requestSct: the profile's extensionOrder has no signed_certificate_timestamp");
  // Parsed once here; SNI and the verifier both use the result (throws ApiMisuseError).
  const serverIdentity = c.serverName === undefined ? undefined : parseServerName(c.serverName);
  const ech = resolveEch(c.ech, crypto);
  check(ech === undefined || serverIdentity?.kind === 'dns', 'ech needs a DNS serverName (the name it hides, RFC 9849 §6.1)');
  check(c.echGrease === undefined || typeof c.echGrease === 'boolean', 'echGrease must be a boolean');
  const grease = c.grease ?? (c.profile ?? defaultProfile).grease === true;
  return {
    serverIdentity,
    serverName: serverIdentity === undefined ? undefined : serverIdentity.kind === 'dns' ? serverIdentity.name : serverIdentity.text,
    verifier: c.verifier,
    alpnProtocols: alpn,
    cipherSuites,
    groups,
    keyShareGroups,
    signatureSchemes,
    signatureSchemesCert,
    middleboxCompatibility: c.middleboxCompatibility ?? true,
    profile: c.profile ?? defaultProfile,
    grease,
    now: c.now ?? defaultNow,
    random: c.random ?? defaultRandom,
    crypto,
    onSessionTicket: c.onSessionTicket,
    session: c.session,
    sessionStore: c.sessionStore,
    sessionKey: c.sessionKey ?? (serverIdentity === undefined ? undefined : serverIdentity.kind === 'dns' ? serverIdentity.name : serverIdentity.text),
    earlyData: c.earlyData ?? false,
    pskModes: (c.pskKeyExchangeModes ?? ['psk_dhe_ke']).map((m) => PskKeyExchangeMode[m]),
    recordSizeLimit: rsl,
    recordPadding: c.recordPadding,
    keyLog: c.keyLog,
    trace: c.trace,
    clientCertificate: c.clientCertificate,
    postHandshakeAuth: c.postHandshakeAuth ?? false,
    ech,
    echGrease: ech === undefined && (c.echGrease ?? grease),
    certificateDecompressors,
    requestOcsp: c.requestOcsp ?? false,
    requestSct: c.requestSct ?? false,
  };
}
