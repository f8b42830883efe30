/**
 * The bodies of the encrypted_client_hello extension (RFC 9849 §5): ECHClientHello in the
 * ClientHello (outer or inner), ECHEncryptedExtensions (retry_configs) in EncryptedExtensions,
 * ECHHelloRetryRequest (the confirmation) in a HelloRetryRequest; and ech_outer_extensions
 * (§5.1), which appears only inside EncodedClientHelloInner.
 */
import { Reader } from '../codec/reader.js';
import { encode } from '../codec/writer.js';
import { decodeEchConfigList, type EchConfig, type HpkeSymmetricCipherSuite } from './ech_config.js';

/** ECHClientHelloType (§5). */
export const EchClientHelloType = { outer: 0, inner: 1 } as const;

/** The outer variant: which config and suite, the HPKE enc (empty after a HelloRetryRequest), the sealed inner hello. */
export interface EchOuter {
  readonly type: typeof EchClientHelloType.outer;
  readonly cipherSuite: HpkeSymmetricCipherSuite;
  readonly configId: number;
  readonly enc: Uint8Array;
  readonly payload: Uint8Array;
}

/** The inner variant, empty: it lets the server answer with the extension (§5). */
export interface EchInner {
  readonly type: typeof EchClientHelloType.inner;
}

export type EchClientHello = EchOuter | EchInner;

/**
 * @example
 * encodeEchClientHello({ type: 0, cipherSuite: { kdfId: 1, aeadId: 1 }, configId: 7, enc, payload });
 */
export function encodeEchClientHello(ech: EchClientHello): Uint8Array {
  return encode((w) => {
    w.u8(ech.type);
    if (ech.type === EchClientHelloType.inner) return;
    w.u16(ech.cipherSuite.kdfId).u16(ech.cipherSuite.aeadId).u8(ech.configId);
    w.vec16((e) => e.bytes(ech.enc));
    w.vec16((p) => p.bytes(ech.payload));
  });
}

/**
 * Decodes an ECHClientHello; a type other than outer or inner is illegal_parameter for a server
 * (§7), here a decode_error like any other malformed body. Views into `body`, not copies.
 *
 * @example
 * const ech = decodeEchClientHello(ext.data);
 * if (ech.type === EchClientHelloType.outer) open(ech.payload);
 */
export function decodeEchClientHello(body: Uint8Array): EchClientHello {
  const r = new Reader(body, 'ECHClientHello');
  const type = r.u8('type');
  if (type === EchClientHelloType.inner) {
    r.expectEnd();
    return { type };
  }
  if (type !== EchClientHelloType.outer) throw r.fail(`unknown ECHClientHelloType ${type}`);
  const cipherSuite = { kdfId: r.u16('kdf_id'), aeadId: r.u16('aead_id') };
  const configId = r.u8('config_id');
  const enc = r.vec16(0, 0xffff, 'enc');
  const payload = r.vec16(1, 0xffff, 'payload');
  r.expectEnd();
  return { type, cipherSuite, configId, enc, payload };
}

/**
 * ECHEncryptedExtensions: the server's retry_configs, a whole ECHConfigList (§5). Malformed is a
 * decode_error, which the client must send (§6.1.6, §6.2).
 *
 * @example
 * const retry = decodeEchEncryptedExtensions(ext.data); // EchConfig[]
 */
export function decodeEchEncryptedExtensions(body: Uint8Array): EchConfig[] {
  return decodeEchConfigList(body);
}

/**
 * ECHHelloRetryRequest: exactly 8 bytes of confirmation, else a decode_error (§6.1.4).
 *
 * @example
 * const confirmation = decodeEchHelloRetryRequest(ext.data);
 */
export function decodeEchHelloRetryRequest(body: Uint8Array): Uint8Array {
  const r = new Reader(body, 'ECHHelloRetryRequest');
  const confirmation = r.bytes(8, 'confirmation');
  r.expectEnd();
  return confirmation;
}

/**
 * OuterExtensions<2..254>: the extension types taken from the ClientHelloOuter (§5.1).
 *
 * @example
 * encodeOuterExtensions([ExtensionType.key_share, ExtensionType.supported_groups]);
 */
export function encodeOuterExtensions(types: readonly number[]): Uint8Array {
  return encode((w) => w.vec8((l) => {
    for (const t of types) l.u16(t);
  }));
}

/**
 * @example
 * decodeOuterExtensions(ext.data); // [51, 10]
 */
export function decodeOuterExtensions(body: Uint8Array): number[] {
  const r = new Reader(body, 'OuterExtensions');
  const list = r.sub8(2, 254, 'types');
  r.expectEnd();
  if (list.remaining % 2 !== 0) throw list.fail('odd length');
  const types: number[] = [];
  while (!list.done) types.push(list.u16('type'));
  return types;
}
