/**
 * The first ClientHello (RFC 9846 §4.1.2): key shares, GREASE, a ticket offered as a PSK with
 * 0-RTT keys after it (§4.3.10, §4.3.11), and Encrypted Client Hello (RFC 9849 §6.1, §6.2);
 * then the state that waits for the server's answer (key_exchange.ts).
 */
import type { SessionTicket } from '../api.js';
import type { ActiveKeyExchange, RandomSource, SupportedGroup } from '../crypto/provider.js';
import type { EarlySecret } from '../tls13/key_schedule.js';
import type { Transcript } from '../tls13/transcript.js';
import { composeClientHello, encodeComposedHello, profileExtensions, type BuiltClientHello, type HelloParams } from './client_hello.js';
import { greasePskFor } from './ech_grease_psk.js';
import { buildEchHellos, greaseEchExtension, innerTranscriptOf, startEch, type EchOffer } from './ech_offer.js';
import { drawGrease } from './grease.js';
import { ExpectServerHello, shares } from './key_exchange.js';
import { logSecret } from './key_log.js';
import { bindClientHello, pskExtensionBody, pskOffer, type PskOffer } from './resumption.js';
import type { HandshakeState, StateContext } from './state.js';

/**
 * Builds and queues the first ClientHello, offering `ticket` as a PSK if it fits; returns the
 * state that waits for the server's answer.
 *
 * @example
 * let state = sendClientHello(ctx, transcript);
 */
export function sendClientHello(ctx: StateContext, transcript: Transcript, ticket?: SessionTicket): HandshakeState {
  const random = ctx.cfg.random(32);
  // RFC 9846 §E.4: in compatibility mode the session id is 32 random bytes, else empty.
  const sessionId = ctx.cfg.middleboxCompatibility ? ctx.cfg.random(32) : new Uint8Array(0);
  const keyPairs = startKeyShares(ctx.cfg.keyShareGroups, ctx.cfg.random);
  // With ECH the ticket goes inside the ClientHelloInner (RFC 9849 §6.1), for the backend only.
  const psk = pskOffer(ctx.cfg, ticket);
  // RFC 8701: drawn only when sent, so a replay without GREASE consumes the same random bytes.
  const grease = ctx.cfg.grease ? drawGrease(ctx.cfg.random) : undefined;
  const params: HelloParams = {
    random,
    sessionId,
    keyShares: shares(keyPairs),
    psk: psk === undefined ? undefined : pskExtensionBody(psk, ctx.cfg.now()),
    earlyData: psk?.earlyData,
    grease,
    greaseKeyShare: true,
  };
  const first = firstHello(ctx, params, psk);
  transcript.add(first.hello.message);
  ctx.io.sendHandshake(first.hello.message);
  if (psk?.earlyData === true) startEarlyData(ctx, psk, first.early!, first.earlyHello, first.earlyRandom);
  return new ExpectServerHello(ctx, transcript, { random, sessionId, keyPairs, extensionTypes: first.hello.extensionTypes, retrySuite: undefined, psk, early: first.early, grease, ech: first.ech, echAtRetry: undefined });
}

/**
 * One key exchange per key-share group (RFC 9846 §4.3.8), in order. A classical group that a
 * hybrid before it already holds (x25519 after X25519MLKEM768) reuses the hybrid's half instead
 * of a key of its own: one X25519 key generation fewer, as rustls and NSS do (RFC 9954 allows
 * a component's share to be sent again).
 *
 * @example
 * const keyPairs = startKeyShares(cfg.keyShareGroups, cfg.random); // X25519MLKEM768, x25519
 */
export function startKeyShares(groups: readonly SupportedGroup[], random: RandomSource): Map<number, ActiveKeyExchange> {
  const keyPairs = new Map<number, ActiveKeyExchange>();
  for (const g of groups) {
    let reused: ActiveKeyExchange | undefined;
    for (const k of keyPairs.values()) if (k.classical?.group.id === g.id) reused = k.classical;
    keyPairs.set(g.id, reused ?? g.start(random));
  }
  return keyPairs;
}

/** The first ClientHello as sent, and the hello (with its random) that a ticket offered was bound to. */
interface FirstHello {
  readonly hello: BuiltClientHello;
  readonly ech: EchOffer | undefined;
  /** The offered PSK's early secret (§7.1), its binder written into `earlyHello`. */
  readonly early: EarlySecret | undefined;
  /** The ClientHello the 0-RTT keys hash (§4.3.10): the ClientHelloInner with ECH, else the one sent. */
  readonly earlyHello: Uint8Array;
  readonly earlyRandom: Uint8Array;
}

/**
 * The first ClientHello: with an ECH config, the ClientHelloOuter sealing the real one, which
 * offers the ticket (RFC 9849 §6.1); else the plain one, with GREASE ECH (§6.2) when that is on.
 */
function firstHello(ctx: StateContext, params: HelloParams, psk: PskOffer | undefined): FirstHello {
  const cfg = ctx.cfg;
  const chosen = cfg.ech;
  if (chosen !== undefined) {
    const innerRandom = cfg.random(32);
    const { context, enc } = startEch(cfg, chosen);
    const greasePsk = psk === undefined ? undefined : greasePskFor(cfg, psk);
    const innerPsk = psk === undefined ? undefined : { offer: psk, grease: greasePsk!, prefix: undefined };
    const { inner, outer, outerExtension, early } = buildEchHellos(cfg, params, innerRandom, chosen, context, enc, innerPsk);
    const innerTranscript = innerTranscriptOf(inner.message);
    const ech: EchOffer = { kind: 'real', chosen, context, innerRandom, innerExtensionTypes: inner.extensionTypes, innerTranscript, outerExtension, greasePsk };
    return { hello: outer, ech, early, earlyHello: inner.message, earlyRandom: innerRandom };
  }
  // GREASE ECH is sized by the plain hello (§6.2), which is composed for that but never encoded;
  // the hello sent reuses its extension bodies.
  const bodies = profileExtensions(cfg, params);
  const plain = composeClientHello(cfg, params, bodies);
  const extension = cfg.echGrease ? greaseEchExtension(cfg, plain) : undefined;
  const hello = encodeComposedHello(extension === undefined ? plain : composeClientHello(cfg, { ...params, ech: extension }, bodies));
  const early = psk === undefined ? undefined : bindClientHello(cfg, hello.message, psk, undefined);
  return { hello, ech: extension === undefined ? undefined : { kind: 'grease', extension }, early, earlyHello: hello.message, earlyRandom: params.random };
}

/**
 * §4.3.10, §7.1: right after the ClientHello, the client early traffic secret (over the
 * ClientHello alone, with the ticket's hash) protects what the application writes until the
 * server answers.
 */
function startEarlyData(ctx: StateContext, psk: PskOffer, early: EarlySecret, clientHello: Uint8Array, clientRandom: Uint8Array): void {
  const th = ctx.cfg.crypto.hash(psk.suite.hash, clientHello);
  const secret = early.clientEarlyTrafficSecret(th);
  logSecret(ctx, 'CLIENT_EARLY_TRAFFIC_SECRET', clientRandom, secret);
  ctx.io.installWriteKeys('early', psk.suite, secret);
  secret.fill(0);
  // §7.5: the early exporter, over the same ClientHello, for what 0-RTT data must bind to.
  const exporter = early.earlyExporterMasterSecret(th);
  logSecret(ctx, 'EARLY_EXPORTER_SECRET', clientRandom, exporter);
  ctx.io.earlyData.offer(psk.ticket.maxEarlyData!, { crypto: ctx.cfg.crypto, hash: psk.suite.hash, secret: exporter });
}
