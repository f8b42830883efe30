/**
 * GREASE (RFC 8701): reserved values a client sprinkles into its ClientHello so that servers
 * which choke on unknown values are found and fixed, instead of ossifying TLS. The values are
 * drawn from the injected randomness (so a replay with the same random source is the same), once
 * per connection: the second ClientHello after a HelloRetryRequest carries the same ones.
 */
import type { RandomSource } from '../crypto/provider.js';

/**
 * Whether a 16-bit codepoint is a GREASE value: 0x0A0A, 0x1A1A, ..., 0xFAFA (RFC 8701 §2).
 *
 * @example
 * isGrease(0x3a3a); // true
 */
export function isGrease(v: number): boolean {
  return (v & 0x0f0f) === 0x0a0a && v >> 8 === (v & 0xff);
}

/**
 * Whether a one-byte PSK key exchange mode is GREASE: 0x0B, 0x2A, 0x49, ..., 0xFA (RFC 8701 §2).
 *
 * @example
 * isGreasePskMode(0x2a); // true
 */
export function isGreasePskMode(v: number): boolean {
  return v >= 0x0b && (v - 0x0b) % 0x1f === 0;
}

/** The GREASE values of one connection's ClientHellos. */
export interface GreaseValues {
  readonly cipherSuite: number;
  /** The empty GREASE extension, first; a different value for the one-byte one, last (as BoringSSL). */
  readonly firstExtension: number;
  readonly lastExtension: number;
  /** In supported_groups, and with a one-byte share in the first key_share. */
  readonly group: number;
  readonly signatureScheme: number;
  readonly version: number;
  readonly pskMode: number;
  /** An ALPN protocol name of two GREASE bytes, offered first when ALPN is offered. */
  readonly alpn: Uint8Array;
}

/** The 16 GREASE codepoints, by index 0..15. */
const grease16 = (i: number): number => ((i & 0x0f) << 12) | 0x0a00 | ((i & 0x0f) << 4) | 0x0a;

/**
 * Draws one connection's GREASE values from `random` (8 bytes).
 *
 * @example
 * const g = drawGrease(cfg.random);
 * isGrease(g.cipherSuite); // true
 */
export function drawGrease(random: RandomSource): GreaseValues {
  const r = random(8);
  const first = r[1]! & 0x0f;
  // Two distinct extension types: a repeated extension type is a decode error at the server.
  const last = (first + 1 + (r[2]! % 15)) & 0x0f;
  const alpn = grease16(r[7]!) & 0xff;
  return {
    cipherSuite: grease16(r[0]!),
    firstExtension: grease16(first),
    lastExtension: grease16(last),
    group: grease16(r[3]!),
    signatureScheme: grease16(r[4]!),
    version: grease16(r[5]!),
    pskMode: 0x0b + 0x1f * (r[6]! % 8),
    alpn: Uint8Array.of(alpn, alpn),
  };
}
