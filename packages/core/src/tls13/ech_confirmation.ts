/**
 * ECH acceptance signals (RFC 9849 §7.2, §7.2.1): the backend server proves it decrypted the
 * ClientHelloInner by putting a value derived from the inner random and the inner transcript in
 * the last 8 bytes of ServerHello.random, or in a HelloRetryRequest's encrypted_client_hello
 * extension. The client recomputes it to learn whether ECH was accepted (§6.1.4).
 */
import { Reader } from '../codec/reader.js';
import type { CryptoProvider, HashAlgorithm } from '../crypto/provider.js';
import { ExtensionType } from '../msgs/enums.js';
import { hkdfExpandLabel } from './key_schedule.js';

/** Length of both confirmations (§7.2). */
export const ECH_CONFIRMATION_LENGTH = 8;
/** Where ServerHello.random ends inside the handshake message: 4 header + 2 version + 32 random. */
const RANDOM_END = 4 + 2 + 32;

/**
 * accept_confirmation (§7.2) or hrr_accept_confirmation (§7.2.1) =
 * HKDF-Expand-Label(HKDF-Extract(0, ClientHelloInner.random), label, transcript hash, 8).
 * `transcriptHash` is over the inner transcript up to the server's message with its confirmation
 * bytes zeroed (see {@link zeroServerHelloConfirmation} and {@link zeroHrrConfirmation}).
 *
 * @example
 * const expected = echConfirmation(provider, 'sha256', inner.random, hashOf(inner1, zeroServerHelloConfirmation(sh.raw)), 'server-hello');
 * const accepted = equalBytes(expected, sh.random.subarray(24));
 */
export function echConfirmation(p: CryptoProvider, hash: HashAlgorithm, innerRandom: Uint8Array, transcriptHash: Uint8Array, of: 'server-hello' | 'hello-retry-request'): Uint8Array {
  const prk = p.hkdfExtract(hash, new Uint8Array(p.hashLength(hash)), innerRandom);
  const label = of === 'server-hello' ? 'ech accept confirmation' : 'hrr ech accept confirmation';
  const confirmation = hkdfExpandLabel(p, hash, prk, label, transcriptHash, ECH_CONFIRMATION_LENGTH);
  prk.fill(0);
  return confirmation;
}

/**
 * A copy of a ServerHello handshake message (with its 4-byte header) whose last 8 random bytes
 * are zero: what the acceptance transcript hashes (§7.2).
 *
 * @example
 * transcript.add(zeroServerHelloConfirmation(msg.raw));
 */
export function zeroServerHelloConfirmation(serverHello: Uint8Array): Uint8Array {
  if (serverHello.length < RANDOM_END) throw new Reader(serverHello, 'ServerHello').fail('too short for a random');
  const copy = serverHello.slice();
  copy.fill(0, RANDOM_END - ECH_CONFIRMATION_LENGTH, RANDOM_END);
  return copy;
}

/**
 * A copy of a HelloRetryRequest handshake message (with its header) whose
 * encrypted_client_hello extension payload is zero (§7.2.1), or undefined when it has none.
 * The message must already have decoded as a HelloRetryRequest; a malformed one is a decode_error.
 *
 * @example
 * const zeroed = zeroHrrConfirmation(msg.raw); // undefined: ECH rejected
 */
export function zeroHrrConfirmation(hrr: Uint8Array): Uint8Array | undefined {
  const r = new Reader(hrr, 'HelloRetryRequest');
  r.bytes(4 + 2 + 32, 'header, legacy_version and random');
  r.vec8(0, 32, 'legacy_session_id_echo');
  r.bytes(3, 'cipher_suite and legacy_compression_method');
  const list = r.sub16(0, 0xffff, 'extensions');
  const listStart = r.offset - list.remaining;
  while (!list.done) {
    const type = list.u16('extension_type');
    const data = list.vec16(0, 0xffff, 'extension_data');
    if (type !== ExtensionType.encrypted_client_hello) continue;
    const end = listStart + list.offset;
    const copy = hrr.slice();
    copy.fill(0, end - data.length, end);
    return copy;
  }
  return undefined;
}
