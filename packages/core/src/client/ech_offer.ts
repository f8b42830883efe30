/**
 * Offering Encrypted Client Hello (RFC 9849 §6.1): the real ClientHelloInner, sealed under the
 * server's ECH key into a ClientHelloOuter that names only the config's public_name; and GREASE
 * ECH (§6.2), an extension of the same shape that hides nothing and asks for nothing.
 */
import { setupBaseSender, type HpkeContext } from '../crypto/hpke/context.js';
import type { HashContext } from '../crypto/provider.js';
import { concatBytes as concat } from '../codec/concat.js';
import { InternalError } from '../errors.js';
import { encodeEchClientHello, EchClientHelloType } from '../msgs/ech_extension.js';
import { ExtensionType, NamedGroup } from '../msgs/enums.js';
import type { EarlySecret } from '../tls13/key_schedule.js';
import { Transcript } from '../tls13/transcript.js';
import { buildClientHello, type BuiltClientHello, type ComposedClientHello, type HelloParams } from './client_hello.js';
import type { ResolvedConfig } from './config.js';
import type { ChosenEchConfig } from './ech_config_choice.js';
import { greasePskBody, type GreasePsk } from './ech_grease_psk.js';
import { clientHelloInnerLength, echInnerPadding, encodeClientHelloInner } from './ech_inner.js';
import { bindClientHello, type PskOffer } from './resumption.js';

/** A real offer, between the ClientHello and the server's answer. */
export interface EchRealOffer {
  readonly kind: 'real';
  readonly chosen: ChosenEchConfig;
  /** The HPKE sender context: sealed once per ClientHelloOuter, the second after a HelloRetryRequest (§6.1.5). */
  readonly context: HpkeContext;
  readonly innerRandom: Uint8Array;
  /** What our (last) ClientHelloInner offered: the server's answers are checked against it once ECH is accepted. */
  readonly innerExtensionTypes: ReadonlySet<number>;
  /** The inner handshake's transcript, from ClientHelloInner on. */
  readonly innerTranscript: Transcript;
  /** The first ClientHelloOuter's extension: a second ClientHelloOuter after a HelloRetryRequest that rejected ECH repeats it. */
  readonly outerExtension: Uint8Array;
  /** The outer hellos' GREASE pre_shared_key when the inner one offers a ticket (§6.1.2). */
  readonly greasePsk: GreasePsk | undefined;
}

/** GREASE ECH: the extension sent, copied unchanged into a second ClientHello (§6.2). */
export interface EchGreaseOffer {
  readonly kind: 'grease';
  readonly extension: Uint8Array;
}

export type EchOffer = EchRealOffer | EchGreaseOffer;

/**
 * The extensions the inner hello takes from the outer (§5.1): the key shares, identical in both
 * and the largest part with a post-quantum share.
 */
const FROM_OUTER: readonly number[] = [ExtensionType.key_share];
const INNER_EXTENSION = encodeEchClientHello({ type: EchClientHelloType.inner });
const INFO_PREFIX = new TextEncoder().encode('tls ech\0');

/**
 * "tls ech" ‖ 0x00 ‖ ECHConfig, the HPKE info (§6.1).
 *
 * @example
 * setupBaseSender(chosen.suite, chosen.contents.publicKey, echInfo(chosen), random);
 */
export function echInfo(chosen: ChosenEchConfig): Uint8Array {
  return concat(INFO_PREFIX, chosen.config.encoded);
}

/**
 * Starts a real offer: the HPKE context to the config's key and the inner random.
 *
 * @example
 * const { context, enc } = startEch(cfg, cfg.ech!);
 */
export function startEch(cfg: ResolvedConfig, chosen: ChosenEchConfig): { context: HpkeContext; enc: Uint8Array } {
  return setupBaseSender(chosen.suite, chosen.contents.publicKey, echInfo(chosen), cfg.random);
}

/** A ticket the ClientHelloInner offers (§6.1): its binder covers the inner transcript, the outer hello gets `grease`. */
export interface InnerPsk {
  readonly offer: PskOffer;
  readonly grease: GreasePsk;
  /** The inner transcript before this hello (after a HelloRetryRequest), as for {@link bindClientHello}. */
  readonly prefix: HashContext | undefined;
}

/**
 * Builds ClientHelloInner and the ClientHelloOuter that carries it (§6.1, §6.1.1): the inner with
 * the real name, ALPN, an inner-type extension and the ticket offered (bound over the inner
 * transcript, so that only the backend can take it); the outer with a fresh random (`p.random`),
 * the config's public_name, no ALPN, the same key shares, a GREASE pre_shared_key and early_data
 * when the inner has them (§6.1, §6.1.2), and the outer-type extension whose payload seals the
 * EncodedClientHelloInner with the outer hello (payload zeroed) as AAD. `enc` is empty in the
 * second ClientHelloOuter (§6.1.5). Returns the PSK's early secret when one is offered.
 *
 * @example
 * const { inner, outer } = buildEchHellos(cfg, params, innerRandom, cfg.ech!, context, enc, undefined);
 * send(outer.message); innerTranscript.add(inner.message);
 */
export function buildEchHellos(cfg: ResolvedConfig, p: HelloParams, innerRandom: Uint8Array, chosen: ChosenEchConfig, context: HpkeContext, enc: Uint8Array, psk: InnerPsk | undefined): { inner: BuiltClientHello; outer: BuiltClientHello; outerExtension: Uint8Array; early: EarlySecret | undefined } {
  // §6.1: early_data goes in both hellos or in neither (a server that uses the outer one then skips the 0-RTT data).
  const earlyData = psk !== undefined && p.earlyData === true;
  const unbound = buildClientHello(cfg, { ...p, psk: psk === undefined ? undefined : p.psk, earlyData, random: innerRandom, ech: INNER_EXTENSION });
  const early = psk === undefined ? undefined : bindClientHello(cfg, unbound.message, psk.offer, psk.prefix);
  const inner = early === undefined ? unbound : withBinderWritten(unbound);
  const encoded = encodedInner(cfg, inner, chosen.contents.maximumNameLength);
  const outerCfg = outerConfig(cfg, chosen);
  const outerExt = (payload: Uint8Array) => encodeEchClientHello({ type: EchClientHelloType.outer, cipherSuite: chosen.cipherSuite, configId: chosen.contents.configId, enc, payload });
  // Drawn once: the GREASE PSK is part of the AAD, so the placeholder and the final hello share it.
  const outerParams: HelloParams = { ...p, psk: psk === undefined ? undefined : greasePskBody(cfg, psk.grease), earlyData };
  const placeholder = buildClientHello(outerCfg, { ...outerParams, ech: outerExt(new Uint8Array(encoded.length + chosen.suite.aead.tagLength)) });
  // §6.1.1: the AAD is the ClientHelloOuter body with the payload zeroed (no handshake header).
  const payload = context.seal(placeholder.message.subarray(4), encoded);
  const outerExtension = outerExt(payload);
  const outer = buildClientHello(outerCfg, { ...outerParams, ech: outerExtension });
  if (outer.message.length !== placeholder.message.length) throw new InternalError('ClientHelloOuter changed length when sealed');
  return { inner, outer, outerExtension, early };
}

/**
 * The hello with the binder that {@link bindClientHello} wrote into its message copied into its
 * structure too (the pre_shared_key is its last extension, §4.3.11), which EncodedClientHelloInner
 * is encoded from.
 */
function withBinderWritten(hello: BuiltClientHello): BuiltClientHello {
  const extensions = [...hello.hello.extensions];
  const last = extensions.at(-1);
  if (last?.type !== ExtensionType.pre_shared_key) throw new InternalError('pre_shared_key is not the last extension of the ClientHelloInner');
  extensions[extensions.length - 1] = { type: last.type, data: hello.message.slice(hello.message.length - last.data.length) };
  return { ...hello, hello: { ...hello.hello, extensions } };
}

/**
 * The configuration a ClientHelloOuter is built from (§6.1): the config's public_name as the
 * server name, no ALPN; everything else as the inner hello has it.
 *
 * @example
 * buildClientHello(outerConfig(cfg, chosen), { ...params, ech: outerExtension });
 */
export function outerConfig(cfg: ResolvedConfig, chosen: ChosenEchConfig): ResolvedConfig {
  return { ...cfg, serverIdentity: { kind: 'dns', name: chosen.publicName.toLowerCase() }, alpnProtocols: [] };
}

/** EncodedClientHelloInner, padded as §6.1.3 recommends. */
function encodedInner(cfg: ResolvedConfig, inner: ComposedClientHello, maximumNameLength: number): Uint8Array {
  const unpadded = encodeClientHelloInner(inner.hello, fromOuterOf(inner), 0);
  return concat(unpadded, new Uint8Array(echInnerPadding(unpadded.length, serverNameLength(cfg), maximumNameLength)));
}

/** The length {@link encodedInner} would have, computed without encoding (GREASE ECH, §6.2). */
function encodedInnerLength(cfg: ResolvedConfig, inner: ComposedClientHello, maximumNameLength: number): number {
  const unpadded = clientHelloInnerLength(inner.hello, fromOuterOf(inner));
  return unpadded + echInnerPadding(unpadded, serverNameLength(cfg), maximumNameLength);
}

/** The extensions the inner hello takes from the outer one: key_share when it has one. */
const fromOuterOf = (inner: ComposedClientHello): readonly number[] => (inner.extensionTypes.has(ExtensionType.key_share) ? FROM_OUTER : []);
const serverNameLength = (cfg: ResolvedConfig): number | undefined => (cfg.serverIdentity?.kind === 'dns' ? cfg.serverIdentity.name.length : undefined);

/**
 * GREASE ECH (§6.2): a random config_id, a suite we support (AES-128-GCM or ChaCha20-Poly1305
 * with HKDF-SHA256, by a random bit), a valid X25519 public key as enc, and a random payload as
 * long as a real one for this hello would be (its EncodedClientHelloInner padded, plus the tag).
 * Undefined when the provider has no X25519 (no valid enc to send).
 *
 * @example
 * const grease = greaseEchExtension(cfg, hello); // added to the ClientHello, kept for a second one
 */
export function greaseEchExtension(cfg: ResolvedConfig, hello: ComposedClientHello): Uint8Array | undefined {
  const group = cfg.crypto.groups.find((g) => g.id === NamedGroup.x25519);
  if (group === undefined) return undefined;
  const r = cfg.random(2);
  const kx = group.start(cfg.random);
  const enc = kx.share.slice();
  kx.destroy();
  const withInnerExtension = encodedInnerLength(cfg, { ...hello, hello: { ...hello.hello, extensions: [...hello.hello.extensions, { type: ExtensionType.encrypted_client_hello, data: INNER_EXTENSION }] } }, 0);
  const tag = 16; // all three HPKE AEADs
  return encodeEchClientHello({
    type: EchClientHelloType.outer,
    cipherSuite: { kdfId: 0x0001, aeadId: (r[1]! & 1) === 0 ? 0x0001 : 0x0003 },
    configId: r[0]!,
    enc,
    payload: cfg.random(withInnerExtension + tag),
  });
}

/**
 * A new inner transcript holding the first ClientHelloInner.
 *
 * @example
 * const innerTranscript = innerTranscriptOf(inner.message);
 */
export function innerTranscriptOf(innerHello: Uint8Array): Transcript {
  const t = new Transcript();
  t.add(innerHello);
  return t;
}
