/**
 * A {@link SessionTicket} as bytes, for storage between processes (what the Node driver's
 * `'session'` event carries, and its `session` option takes back): a magic and version, then
 * every field in TLS presentation style. Decoding checks every length and refuses anything
 * malformed or past `Limits.maxSessionTicketEncoding`. The encoding holds the PSK: treat it as a
 * secret.
 */
import type { SessionTicket } from '../api.js';
import { Reader } from '../codec/reader.js';
import { encode, type Writer } from '../codec/writer.js';
import { InvalidMessageError } from '../errors.js';
import { Limits } from '../limits.js';

/** "PTS" and format version 1. */
const MAGIC = [0x50, 0x54, 0x53, 0x01] as const;
const te = new TextEncoder();
const td = new TextDecoder('utf-8', { fatal: true });

function optionalString(w: Writer, s: string | undefined): void {
  w.u8(s === undefined ? 0 : 1).vec16((v) => v.bytes(te.encode(s ?? '')));
}

/**
 * The ticket as bytes.
 *
 * @example
 * const bytes = encodeSessionTicket(ticket);
 * const again = decodeSessionTicket(bytes); // equal field for field
 */
export function encodeSessionTicket(t: SessionTicket): Uint8Array {
  return encode((w) => {
    for (const b of MAGIC) w.u8(b);
    w.u32(t.lifetimeSeconds).u32(t.ageAdd).vec8((v) => v.bytes(t.nonce)).vec16((v) => v.bytes(t.ticket));
    w.u8(t.maxEarlyData === undefined ? 0 : 1).u32(t.maxEarlyData ?? 0);
    w.vec8((v) => v.bytes(t.psk)).u16(t.cipherSuite);
    // Milliseconds since the epoch: 53 bits, as two 32-bit halves.
    const at = Math.max(0, Math.floor(t.receivedAt));
    w.u32(Math.floor(at / 2 ** 32)).u32(at % 2 ** 32);
    optionalString(w, t.serverName);
    optionalString(w, t.alpnProtocol);
    w.u16(t.signatureScheme).u8(t.verified ? 1 : 0);
    w.vec24((l) => { for (const c of t.peerCertificates) l.vec24((v) => v.bytes(c)); });
  });
}

function readOptionalString(r: Reader, field: string): string | undefined {
  const present = r.u8(field);
  const bytes = r.vec16(0, 0xffff, field);
  if (present > 1) throw r.fail(`${field}: bad presence flag`);
  if (present === 0) return undefined;
  try {
    return td.decode(bytes);
  } catch {
    throw r.fail(`${field}: not UTF-8`);
  }
}

/**
 * A ticket from {@link encodeSessionTicket}'s bytes; a malformed or oversized input is an
 * `InvalidMessageError`. The arrays are copies of their own.
 *
 * @example
 * const ticket = decodeSessionTicket(readFileSync('session.bin'));
 */
export function decodeSessionTicket(bytes: Uint8Array): SessionTicket {
  if (bytes.length > Limits.maxSessionTicketEncoding) throw new InvalidMessageError('decode_error', `session: ${bytes.length} bytes, over Limits.maxSessionTicketEncoding`);
  const r = new Reader(bytes, 'session');
  for (const b of MAGIC) if (r.u8('magic') !== b) throw r.fail('not a puretls session (bad magic or version)');
  const lifetimeSeconds = r.u32('lifetime');
  const ageAdd = r.u32('age_add');
  const nonce = r.vec8(0, 255, 'nonce').slice();
  const ticket = r.vec16(1, 0xffff, 'ticket').slice();
  const hasEarly = r.u8('early_data flag');
  const early = r.u32('max_early_data');
  if (hasEarly > 1) throw r.fail('early_data flag');
  const psk = r.vec8(32, 64, 'psk').slice();
  const cipherSuite = r.u16('cipher_suite');
  const receivedAt = r.u32('received_at') * 2 ** 32 + r.u32('received_at');
  const serverName = readOptionalString(r, 'server_name');
  const alpnProtocol = readOptionalString(r, 'alpn');
  const signatureScheme = r.u16('signature_scheme');
  const verifiedFlag = r.u8('verified');
  if (verifiedFlag > 1) throw r.fail('verified flag');
  const chainReader = r.sub24(0, 0xffffff, 'certificates');
  const peerCertificates: Uint8Array[] = [];
  while (!chainReader.done) {
    if (peerCertificates.length >= Limits.maxCertificates) throw r.fail('too many certificates');
    peerCertificates.push(chainReader.vec24(1, 0xffffff, 'certificate').slice());
  }
  r.expectEnd();
  return { lifetimeSeconds, ageAdd, nonce, ticket, maxEarlyData: hasEarly === 1 ? early : undefined, psk, cipherSuite, receivedAt, serverName, alpnProtocol, peerCertificates, signatureScheme, verified: verifiedFlag === 1 };
}
