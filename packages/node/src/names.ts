/**
 * Names people type for groups and cipher suites (`x25519`, `p256`, `TLS_AES_128_GCM_SHA256`,
 * `aes128`) mapped to wire codepoints. Unknown names are refused with the list of known ones.
 */
import { CipherSuite, NamedGroup } from '@puretls/core';

const GROUPS: Record<string, number> = {
  x25519: NamedGroup.x25519,
  p256: NamedGroup.secp256r1,
  'p-256': NamedGroup.secp256r1,
  secp256r1: NamedGroup.secp256r1,
  prime256v1: NamedGroup.secp256r1,
  p384: NamedGroup.secp384r1,
  'p-384': NamedGroup.secp384r1,
  secp384r1: NamedGroup.secp384r1,
  // Looked up lowercased, so 'X25519MLKEM768' (the IANA name) and 'x25519mlkem768' both match,
  // as do 'SecP256r1MLKEM768' and 'secp256r1mlkem768'.
  x25519mlkem768: NamedGroup.X25519MLKEM768,
  secp256r1mlkem768: NamedGroup.SecP256r1MLKEM768,
};

const SUITES: Record<string, number> = {
  tls_aes_128_gcm_sha256: CipherSuite.TLS_AES_128_GCM_SHA256,
  aes128: CipherSuite.TLS_AES_128_GCM_SHA256,
  'aes128-gcm': CipherSuite.TLS_AES_128_GCM_SHA256,
  tls_aes_256_gcm_sha384: CipherSuite.TLS_AES_256_GCM_SHA384,
  aes256: CipherSuite.TLS_AES_256_GCM_SHA384,
  'aes256-gcm': CipherSuite.TLS_AES_256_GCM_SHA384,
  tls_chacha20_poly1305_sha256: CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
  chacha20: CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
  'chacha20-poly1305': CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
};

function lookup(table: Record<string, number>, what: string, names: readonly string[] | string): number[] {
  const list = typeof names === 'string' ? names.split(/[,:]/) : names;
  return list.map((raw) => {
    const v = table[raw.trim().toLowerCase()];
    if (v === undefined) throw new TypeError(`unknown ${what} ${JSON.stringify(raw)} (known: ${Object.keys(table).join(', ')})`);
    return v;
  });
}

/**
 * Group names to codepoints, in the given order.
 *
 * @example
 * groupCodepoints('x25519,p256'); // [0x1d, 0x17]
 */
export function groupCodepoints(names: readonly string[] | string): number[] {
  return lookup(GROUPS, 'group', names);
}

/**
 * Cipher suite names (IANA names or short ones, comma- or colon-separated) to codepoints.
 *
 * @example
 * suiteCodepoints(['TLS_CHACHA20_POLY1305_SHA256']); // [0x1303]
 */
export function suiteCodepoints(names: readonly string[] | string): number[] {
  return lookup(SUITES, 'cipher suite', names);
}

/** The IANA names of the TLS 1.3 suites puretls speaks: the keys of the engine's codepoint table. */
const TLS13_NAMES: readonly string[] = Object.keys(CipherSuite);

/**
 * Node's `ciphers` option, as `tls.connect` takes it: a colon-separated list. Its TLS 1.3 suite
 * names are honoured in order; anything else (an OpenSSL TLS 1.2 cipher such as
 * `ECDHE-RSA-AES128-GCM-SHA256`, or a keyword such as `HIGH` or `!aNULL`) is refused with a
 * TypeError rather than silently ignored: puretls speaks TLS 1.3 only (RFC 9846 §B.4 lists its suites).
 *
 * @example
 * nodeCiphers('TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256'); // [0x1302, 0x1303]
 */
export function nodeCiphers(ciphers: string): number[] {
  const names = ciphers.split(':').map((n) => n.trim()).filter((n) => n !== '');
  if (names.length === 0) throw new TypeError(`ciphers: no cipher suite in ${JSON.stringify(ciphers)} (TLS 1.3 suites: ${TLS13_NAMES.join(':')})`);
  return names.map((name) => {
    const v = TLS13_NAMES.includes(name.toUpperCase()) ? SUITES[name.toLowerCase()] : undefined;
    if (v === undefined) throw new TypeError(`ciphers: ${JSON.stringify(name)} is not a TLS 1.3 cipher suite; puretls speaks TLS 1.3 only (TLS 1.3 suites: ${TLS13_NAMES.join(':')})`);
    return v;
  });
}
