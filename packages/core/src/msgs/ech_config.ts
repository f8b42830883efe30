/**
 * ECHConfigList (RFC 9849 §4): what a server publishes (a DNS HTTPS record's `ech` parameter,
 * RFC 9848) and sends back as retry_configs. Configs of a version we do not know are kept with
 * their bytes and no contents, as §4 says: the length lets a client skip them.
 */
import { Reader } from '../codec/reader.js';
import { encode, type Writer } from '../codec/writer.js';

/** The ECHConfig version of RFC 9849 (also the encrypted_client_hello codepoint). */
export const ECH_CONFIG_VERSION = 0xfe0d;

/** HpkeSymmetricCipherSuite: one KDF and AEAD pair the server accepts (RFC 9180 identifiers). */
export interface HpkeSymmetricCipherSuite {
  /** HPKE KDF identifier (RFC 9180 §7.2), e.g. 0x0001 for HKDF-SHA256. */
  readonly kdfId: number;
  /** HPKE AEAD identifier (RFC 9180 §7.3), e.g. 0x0001 for AES-128-GCM. */
  readonly aeadId: number;
}

/** ECHConfigExtension; a type with the high bit set is mandatory (RFC 9849 §4.2). */
export interface EchConfigExtension {
  /** ECHConfigExtensionType (RFC 9849 §11.3). */
  readonly type: number;
  /** Its opaque data. */
  readonly data: Uint8Array;
}

/** ECHConfigContents of version 0xfe0d. */
export interface EchConfigContents {
  /** The one-byte identifier the client names in its ECH extension (§4.1). */
  readonly configId: number;
  /** HPKE KEM identifier (RFC 9180 §7.1), e.g. 0x0020 for DHKEM(X25519, HKDF-SHA256). */
  readonly kemId: number;
  /** The server's HPKE public key (for X25519, 32 bytes). */
  readonly publicKey: Uint8Array;
  /** The KDF/AEAD pairs the server accepts, in its order. */
  readonly cipherSuites: readonly HpkeSymmetricCipherSuite[];
  /** The longest name behind this server, if known (else 0): what the inner name is padded to (§6.1.3). */
  readonly maximumNameLength: number;
  /** The client-facing server's DNS name, as bytes (validated by the client before use, §6.1.7). */
  readonly publicName: Uint8Array;
  /** ECHConfigExtensions; a mandatory one we do not know makes the config unusable (§4.2). */
  readonly extensions: readonly EchConfigExtension[];
}

/** One ECHConfig: its version, its whole encoding (the HPKE info is built from it, §6.1), and its contents when the version is 0xfe0d. */
export interface EchConfig {
  /** The ECHConfig version: 0xfe0d for RFC 9849; others are kept undecoded. */
  readonly version: number;
  /** version ‖ length ‖ contents, exactly as received. */
  readonly encoded: Uint8Array;
  /** The decoded contents for version 0xfe0d, else undefined. */
  readonly contents: EchConfigContents | undefined;
}

/**
 * Decodes an ECHConfigList<4..2^16-1>. Structure errors are decode_error (InvalidMessageError);
 * unknown versions are kept without contents; duplicate extension types in one config are a
 * decode_error (§4.2: at most one of each). Every byte is copied, so the input may be reused.
 *
 * @example
 * const configs = decodeEchConfigList(base64ToBytes(httpsRecord.ech));
 * configs[0]!.contents?.publicName; // the bytes of 'public.example.com'
 */
export function decodeEchConfigList(bytes: Uint8Array): EchConfig[] {
  const r = new Reader(bytes, 'ECHConfigList');
  const list = r.sub16(4, 0xffff, 'configs');
  r.expectEnd();
  const configs: EchConfig[] = [];
  while (!list.done) {
    const start = list.offset;
    const version = list.u16('version');
    const body = list.vec16(0, 0xffff, 'contents');
    const encoded = bytes.slice(2 + start, 2 + list.offset);
    configs.push({ version, encoded, contents: version === ECH_CONFIG_VERSION ? decodeContents(body) : undefined });
  }
  return configs;
}

function decodeContents(body: Uint8Array): EchConfigContents {
  const r = new Reader(body, 'ECHConfigContents');
  const configId = r.u8('config_id');
  const kemId = r.u16('kem_id');
  const publicKey = r.vec16(1, 0xffff, 'public_key').slice();
  const suites = r.sub16(4, 0xfffc, 'cipher_suites');
  if (suites.remaining % 4 !== 0) throw suites.fail('length is not a multiple of 4');
  const cipherSuites: HpkeSymmetricCipherSuite[] = [];
  while (!suites.done) cipherSuites.push({ kdfId: suites.u16('kdf_id'), aeadId: suites.u16('aead_id') });
  const maximumNameLength = r.u8('maximum_name_length');
  const publicName = r.vec8(1, 255, 'public_name').slice();
  const exts = r.sub16(0, 0xffff, 'extensions');
  const extensions: EchConfigExtension[] = [];
  const seen = new Set<number>();
  while (!exts.done) {
    const type = exts.u16('type');
    if (seen.has(type)) throw exts.fail(`extension 0x${type.toString(16)} appears twice`);
    seen.add(type);
    extensions.push({ type, data: exts.vec16(0, 0xffff, 'data').slice() });
  }
  r.expectEnd();
  return { configId, kemId, publicKey, cipherSuites, maximumNameLength, publicName, extensions };
}

/**
 * Encodes one ECHConfig of version 0xfe0d from its contents (test servers and tools make configs
 * with it).
 *
 * @example
 * const config = encodeEchConfig({ configId: 7, kemId: 0x20, publicKey, cipherSuites: [{ kdfId: 1, aeadId: 1 }],
 *   maximumNameLength: 0, publicName: new TextEncoder().encode('public.example'), extensions: [] });
 */
export function encodeEchConfig(c: EchConfigContents): Uint8Array {
  return encode((w) => {
    w.u16(ECH_CONFIG_VERSION);
    w.vec16((b) => writeContents(b, c));
  });
}

function writeContents(w: Writer, c: EchConfigContents): void {
  w.u8(c.configId).u16(c.kemId);
  w.vec16((k) => k.bytes(c.publicKey));
  w.vec16((s) => {
    for (const cs of c.cipherSuites) s.u16(cs.kdfId).u16(cs.aeadId);
  });
  w.u8(c.maximumNameLength);
  w.vec8((n) => n.bytes(c.publicName));
  w.vec16((l) => {
    for (const e of c.extensions) l.u16(e.type).vec16((d) => d.bytes(e.data));
  });
}

/**
 * Encodes an ECHConfigList from ECHConfigs as {@link encodeEchConfig} or
 * {@link decodeEchConfigList} gives them (their `encoded` bytes, in order).
 *
 * @example
 * const list = encodeEchConfigList([encodeEchConfig(contents)]);
 * decodeEchConfigList(list)[0]!.contents; // equals contents
 */
export function encodeEchConfigList(configs: readonly (EchConfig | Uint8Array)[]): Uint8Array {
  return encode((w) => w.vec16((l) => {
    for (const c of configs) l.bytes(c instanceof Uint8Array ? c : c.encoded);
  }));
}
