/**
 * Resolves a {@link ClientConfig} into the complete, validated settings the handshake uses.
 * Configuration mistakes are API misuse, reported before any byte is sent.
 */
import type { CertificateVerifier, ClientConfig, SessionTicket } from '../api.js';
import { defaultNow, defaultRandom } from '../crypto/defaults.js';
import { nobleProvider } from '../crypto/noble.js';
import type { CryptoProvider, KeyExchangeGroup, RandomSource } from '../crypto/provider.js';
import { tlsSchemeToAlgorithm } from '../crypto/signature_schemes.js';
import { ApiMisuseError } from '../errors.js';
import { CipherSuite, NamedGroup, SignatureScheme } from '../msgs/enums.js';
import { suiteById } from '../tls13/suites.js';
import { type ClientHelloProfile, defaultProfile } from './profile.js';
import { parseServerName, type ServerName } from './server_name.js';

/**
 * Groups we can do key exchange with, by codepoint.
 *
 * @example
 * KEY_EXCHANGE_GROUPS.get(0x001d); // 'x25519'
 */
export const KEY_EXCHANGE_GROUPS: ReadonlyMap<number, KeyExchangeGroup> = new Map([
  [NamedGroup.x25519, 'x25519'],
  [NamedGroup.secp256r1, 'secp256r1'],
  [NamedGroup.secp384r1, 'secp384r1'],
]);

/**
 * Signature schemes we accept in CertificateVerify (RFC 9846 §4.5.2: never PKCS#1 v1.5).
 *
 * @example
 * new TlsClient({ ...cfg, signatureSchemes: DEFAULT_SIGNATURE_SCHEMES.filter((s) => s !== 0x0807) });
 */
export const DEFAULT_SIGNATURE_SCHEMES: readonly number[] = [
  SignatureScheme.ecdsa_secp256r1_sha256,
  SignatureScheme.ecdsa_secp384r1_sha384,
  SignatureScheme.rsa_pss_rsae_sha256,
  SignatureScheme.rsa_pss_rsae_sha384,
  SignatureScheme.rsa_pss_rsae_sha512,
  SignatureScheme.rsa_pss_pss_sha256,
  SignatureScheme.rsa_pss_pss_sha384,
  SignatureScheme.rsa_pss_pss_sha512,
  SignatureScheme.ed25519,
];

/**
 * Signature schemes we accept in certificates: the above plus PKCS#1 v1.5 (RFC 9846 §4.3.3).
 *
 * @example
 * DEFAULT_SIGNATURE_SCHEMES_CERT.includes(0x0401); // true: PKCS#1 v1.5 in certificates
 */
export const DEFAULT_SIGNATURE_SCHEMES_CERT: readonly number[] = [
  ...DEFAULT_SIGNATURE_SCHEMES,
  SignatureScheme.rsa_pkcs1_sha256,
  SignatureScheme.rsa_pkcs1_sha384,
  SignatureScheme.rsa_pkcs1_sha512,
];

/** The configuration with every default filled in. */
export interface ResolvedConfig {
  /** The server name, parsed once: the SNI (DNS names only, RFC 6066 §3) and the identity checked. */
  readonly serverIdentity: ServerName | undefined;
  /** Its text (the A-label name, or the IP's canonical text) for verifiers that take a string. */
  readonly serverName: string | undefined;
  readonly verifier: CertificateVerifier | undefined;
  readonly alpnProtocols: readonly Uint8Array[];
  readonly cipherSuites: readonly number[];
  readonly groups: readonly number[];
  readonly keyShareGroups: readonly number[];
  readonly signatureSchemes: readonly number[];
  readonly signatureSchemesCert: readonly number[];
  readonly middleboxCompatibility: boolean;
  readonly profile: ClientHelloProfile;
  readonly now: () => number;
  readonly random: RandomSource;
  readonly crypto: CryptoProvider;
  readonly onSessionTicket: ((t: SessionTicket) => void) | undefined;
  readonly recordSizeLimit: number | undefined;
  readonly keyLog: ((line: string) => void) | undefined;
}

function check(cond: boolean, msg: string): void {
  if (!cond) throw new ApiMisuseError(`invalid configuration: ${msg}`);
}

/**
 * Fills in defaults and validates a client configuration.
 *
 * @example
 * const cfg = resolveConfig({ serverName: 'example.com', dangerouslySkipCertificateVerification: true });
 * cfg.cipherSuites; // [0x1301, 0x1302, 0x1303]
 */
export function resolveConfig(c: ClientConfig): ResolvedConfig {
  check(c.verifier !== undefined || c.dangerouslySkipCertificateVerification === true,
    'a verifier is required (or dangerouslySkipCertificateVerification: true)');
  const cipherSuites = c.cipherSuites ?? [CipherSuite.TLS_AES_128_GCM_SHA256, CipherSuite.TLS_AES_256_GCM_SHA384, CipherSuite.TLS_CHACHA20_POLY1305_SHA256];
  check(cipherSuites.length > 0, 'no cipher suites');
  for (const s of cipherSuites) check(suiteById(s) !== undefined, `unsupported cipher suite 0x${s.toString(16)}`);
  const groups = c.groups ?? [NamedGroup.x25519, NamedGroup.secp256r1, NamedGroup.secp384r1];
  check(groups.length > 0, 'no groups');
  for (const g of groups) check(KEY_EXCHANGE_GROUPS.has(g), `unsupported group 0x${g.toString(16)}`);
  const keyShareGroups = c.keyShareGroups ?? [groups[0]!];
  for (const g of keyShareGroups) check(groups.includes(g), `key share group 0x${g.toString(16)} not in groups`);
  check(new Set(keyShareGroups).size === keyShareGroups.length, 'duplicate key share group');
  const signatureSchemes = c.signatureSchemes ?? DEFAULT_SIGNATURE_SCHEMES;
  for (const s of signatureSchemes) check(tlsSchemeToAlgorithm(s) !== undefined, `signature scheme 0x${s.toString(16)} cannot be verified in CertificateVerify`);
  const alpn = (c.alpnProtocols ?? []).map((p) => new TextEncoder().encode(p));
  for (const p of alpn) check(p.length >= 1 && p.length <= 255, 'ALPN protocol names are 1..255 bytes');
  const rsl = c.recordSizeLimit;
  check(rsl === undefined || (Number.isInteger(rsl) && rsl >= 64 && rsl <= 16385), 'recordSizeLimit must be 64..16385 (RFC 8449)');
  // Parsed once here; SNI and the verifier both use the result (throws ApiMisuseError).
  const serverIdentity = c.serverName === undefined ? undefined : parseServerName(c.serverName);
  return {
    serverIdentity,
    serverName: serverIdentity === undefined ? undefined : serverIdentity.kind === 'dns' ? serverIdentity.name : serverIdentity.text,
    verifier: c.verifier,
    alpnProtocols: alpn,
    cipherSuites,
    groups,
    keyShareGroups,
    signatureSchemes,
    signatureSchemesCert: c.signatureSchemesCert ?? DEFAULT_SIGNATURE_SCHEMES_CERT,
    middleboxCompatibility: c.middleboxCompatibility ?? true,
    profile: c.profile ?? defaultProfile,
    now: c.now ?? defaultNow,
    random: c.random ?? defaultRandom,
    crypto: c.crypto ?? nobleProvider,
    onSessionTicket: c.onSessionTicket,
    recordSizeLimit: rsl,
    keyLog: c.keyLog,
  };
}
