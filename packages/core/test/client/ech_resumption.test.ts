// Resumption and 0-RTT inside Encrypted Client Hello (RFC 9849 §6.1, §6.1.2): the ticket travels
// in the ClientHelloInner, bound over the inner transcript, and the ClientHelloOuter carries a
// GREASE pre_shared_key of the same shape. Against the ECH front of helpers/ech_front.ts with a
// resuming backend (helpers/psk_server.ts) that checks the binders itself.
import { describe, expect, it } from 'vitest';
import { EchRejectedError, type SessionTicket } from '../../src/index.js';
import { ExtensionType } from '../../src/msgs/enums.js';
import { configList, EchFront, makeEchKey, type EchFrontOptions, type RawHello } from '../helpers/ech_front.js';
import { PUBLIC, run } from '../helpers/ech_run.js';
import { makeTicket } from '../helpers/psk_server.js';
import { encodeKeyShareHrr, ScriptedServer, type Mutations } from '../helpers/scripted_server.js';
import { decodePreSharedKeyClient, encodePreSharedKeyServer } from '../helpers/server_codecs.js';

const NOW = 1_000_000 + 5_000;
const te = new TextEncoder();
const identity = te.encode('a-ticket-identity-only-the-backend-knows');
const ticket = (over: Partial<SessionTicket> = {}) => makeTicket({ serverName: 'private.puretls.test', ticket: identity, ...over });
const key = (configId = 7, seed = 1) => makeEchKey({ configId, publicName: PUBLIC, seed, maximumNameLength: 32 });
const front = (o: EchFrontOptions) => new EchFront(o);

/** The offered PSK of a hello as seen by the front: identities, ages and binders. */
function pskOf(h: RawHello) {
  const ext = h.extensions.find((e) => e.type === ExtensionType.pre_shared_key);
  expect(h.extensions.at(-1)?.type).toBe(ExtensionType.pre_shared_key); // §4.3.11: last
  return decodePreSharedKeyClient(ext!.data);
}

const has = (h: RawHello, type: number) => h.extensions.some((e) => e.type === type);
const onWire = (wire: Uint8Array[], bytes: Uint8Array) => Buffer.concat(wire).includes(Buffer.from(bytes));

/** A HelloRetryRequest for P-256 from the scripted backend, echoing the session id. */
const retryFor = () => ({
  helloRetry: (ch: { legacySessionId: Uint8Array }, n: number) => (n === 0
    ? { legacyVersion: 0x0303, random: ScriptedServer.hrrRandom, legacySessionIdEcho: ch.legacySessionId, cipherSuite: 0x1301, legacyCompressionMethod: 0, extensions: [{ type: 51, data: encodeKeyShareHrr(0x0017) }, { type: 43, data: Uint8Array.of(3, 4) }] }
    : undefined),
});

describe('ECH accepted: the ticket inside the ClientHelloInner (RFC 9849 §6.1, §6.1.2)', () => {
  it('resumes with the binder over the inner hello; the outer hello holds a GREASE PSK of the same shape', async () => {
    const k = await key();
    const t = ticket();
    const f = front({ keys: [k], resume: { ticket: t } });
    const { client, error, wire } = await run(f, { ech: configList(k), session: t, now: () => NOW });
    expect(error).toBeUndefined();
    expect(client.info?.ech).toBe('accepted');
    expect(client.info?.resumed).toBe(true);
    expect(f.pskBackend!.bindersValid).toBe(true);
    expect(f.pskBackend!.finishedValid).toBe(true);
    const inner = pskOf(f.seen.inners[0]!);
    const outer = pskOf(f.seen.outers[0]!);
    expect(Buffer.from(inner.identities[0]!.identity).equals(Buffer.from(identity))).toBe(true);
    expect(outer.identities[0]!.identity).toHaveLength(identity.length);
    expect(Buffer.from(outer.identities[0]!.identity).equals(Buffer.from(identity))).toBe(false);
    expect(outer.identities[0]!.obfuscatedTicketAge).not.toBe(inner.identities[0]!.obfuscatedTicketAge);
    expect(outer.binders[0]).toHaveLength(inner.binders[0]!.length);
    expect(Buffer.from(outer.binders[0]!).equals(Buffer.from(inner.binders[0]!))).toBe(false);
    // §6.1: psk_key_exchange_modes goes with the GREASE PSK; the identity never crosses the wire in the clear.
    expect(has(f.seen.outers[0]!, ExtensionType.psk_key_exchange_modes)).toBe(true);
    expect(onWire(wire, identity)).toBe(false);
  });

  it('after a HelloRetryRequest: the second inner hello is bound over the inner transcript; the GREASE identity stays, its binder changes', async () => {
    const k = await key();
    const t = ticket();
    const f = front({ keys: [k], resume: { ticket: t, mutations: { helloRetryGroup: 0x0017 } } });
    const { client, error } = await run(f, { ech: configList(k), session: t, now: () => NOW });
    expect(error).toBeUndefined();
    expect(client.info?.helloRetryRequest).toBe(true);
    expect(client.info?.ech).toBe('accepted');
    expect(client.info?.resumed).toBe(true);
    expect(f.pskBackend!.hellos).toHaveLength(2);
    expect(f.pskBackend!.bindersValid).toBe(true);
    const [first, second] = f.seen.outers.map(pskOf);
    expect(Buffer.from(second!.identities[0]!.identity).equals(Buffer.from(first!.identities[0]!.identity))).toBe(true);
    expect(Buffer.from(second!.binders[0]!).equals(Buffer.from(first!.binders[0]!))).toBe(false);
  });

  it('0-RTT: early_data in both hellos, the early data under the inner hello\'s keys, taken by the backend', async () => {
    const k = await key();
    const t = ticket();
    const f = front({ keys: [k], resume: { ticket: t } });
    const early = te.encode('early data over ECH');
    const { client, error, wire } = await run(f, { ech: configList(k), session: t, now: () => NOW, earlyData: true, alpnProtocols: [] }, early);
    expect(error).toBeUndefined();
    expect(client.info?.earlyData).toBe('accepted');
    expect(Buffer.concat(f.pskBackend!.earlyData).equals(Buffer.from(early))).toBe(true);
    expect(has(f.seen.outers[0]!, ExtensionType.early_data)).toBe(true);
    expect(has(f.seen.inners[0]!, ExtensionType.early_data)).toBe(true);
    expect(onWire(wire, early)).toBe(false);
  });
});

describe('ECH rejected with a ticket offered (RFC 9849 §6.1.2, §6.1.6)', () => {
  it('the server sees only the GREASE PSK, and the connection ends with ech_required', async () => {
    const f = front({ keys: [await key(2, 12)] });
    const { error, wire, names } = await run(f, { ech: configList(await key(1, 11)), session: ticket(), now: () => NOW });
    expect(error).toBeInstanceOf(EchRejectedError);
    expect(names).toEqual([PUBLIC]); // a full handshake, authenticated for the public name
    expect(Buffer.from(pskOf(f.seen.outers[0]!).identities[0]!.identity).equals(Buffer.from(identity))).toBe(false);
    expect(onWire(wire, identity)).toBe(false);
  });

  it('after a HelloRetryRequest that rejected ECH, the second outer hello repeats the GREASE identity, never the ticket', async () => {
    const f = front({ keys: [await key(2, 12)], backend: retryFor() });
    const { error, wire } = await run(f, { ech: configList(await key(1, 11)), session: ticket(), now: () => NOW });
    expect(error).toBeInstanceOf(EchRejectedError);
    const [first, second] = f.seen.outers.map(pskOf);
    expect(Buffer.from(second!.identities[0]!.identity).equals(Buffer.from(first!.identities[0]!.identity))).toBe(true);
    expect(onWire(wire, identity)).toBe(false);
  });

  it('a server that resumes on the outer hello anyway: illegal_parameter', async () => {
    const resumeAnyway: Mutations = { serverHello: (sh) => ({ ...sh, extensions: [...sh.extensions, { type: ExtensionType.pre_shared_key, data: encodePreSharedKeyServer(0) }] }) };
    const f = front({ keys: [await key(2, 12)], backend: resumeAnyway });
    const { error } = await run(f, { ech: configList(await key(1, 11)), session: ticket(), now: () => NOW });
    expect(error?.alert).toBe(47);
    expect(error?.message).toMatch(/rejected ECH/);
  });
});
