// The key schedule step by step against every intermediate value of the last RFC 8448 draft
// (draft-ietf-tls-tls13-vectors, copied into test-vectors/rfc8448/source/): each HKDF-Extract, Derive-Secret,
// traffic key/IV and finished key it prints is recomputed here, then the KeySchedule class is run
// through the §3 chain.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nobleProvider as p } from '../../src/crypto/noble/index.js';
import { deriveSecret, EarlySecret, finishedVerifyData, hkdfExpandLabel, nextApplicationTrafficSecret, resumptionPsk, trafficKeys } from '../../src/tls13/key_schedule.js';
import { suiteById } from '../helpers/algorithms.js';
import { InternalError } from '../../src/errors.js';
import { messageHash, Transcript } from '../../src/tls13/transcript.js';

const draft = readFileSync(fileURLToPath(new URL('../../../../test-vectors/rfc8448/source/intermediate-values-draft.txt', import.meta.url)), 'utf8');

interface Step {
  line: number;
  title: string;
  fields: Record<string, string>;
}

/** Parses the `{client}` / `{server}` steps and their `name (N octets): hex` fields. */
function parseSteps(text: string): Step[] {
  const steps: Step[] = [];
  let step: Step | undefined;
  let field: string | undefined;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\s+$/, '');
    const head = /^ {3}\{(client|server)\}\s+(.*)$/.exec(line);
    if (head) {
      step = { line: i + 1, title: head[2]!, fields: {} };
      steps.push(step);
      field = undefined;
      return;
    }
    if (!step) return;
    if (/^(Thomson|Internet-Draft)|^\S/.test(line)) {
      field = undefined;
      return;
    }
    const f = /^ {6}([a-zA-Z ]+?)(?: \((\d+) octets\))?:\s+(.*)$/.exec(line);
    if (f) {
      field = f[1]!;
      step.fields[field] = /^[0-9a-f ]+$/.test(f[3]!) ? f[3]!.replace(/ /g, '') : f[3]!;
      return;
    }
    if (field && /^ {9}[0-9a-f ]+$/.test(line)) step.fields[field] += line.replace(/ /g, '');
    else if (line === '') return;
    else field = undefined;
  });
  return steps;
}

const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const steps = parseSteps(draft);
const quoted = (title: string) => /"tls13 ([^"]+)"/.exec(title)?.[1];

describe('RFC 8448 draft intermediate values, every step', () => {
  const extracts = steps.filter((s) => s.title.startsWith('extract secret') && s.fields.secret);
  const derives = steps.filter((s) => /^derive secret/.test(s.title) && s.fields.expanded && s.fields.PRK);
  const keys = steps.filter((s) => s.title.startsWith('derive') && s.title.includes('traffic keys') && s.fields['key expanded']);
  const finished = steps.filter((s) => s.title.startsWith('calculate finished') && s.fields.expanded);
  const resumption = steps.filter((s) => s.title.startsWith('generate resumption secret') && s.fields.expanded);

  it('found the steps', () => {
    expect(extracts.length).toBeGreaterThanOrEqual(10);
    expect(derives.length).toBeGreaterThanOrEqual(20);
    expect(keys.length).toBeGreaterThanOrEqual(8);
    expect(finished.length).toBeGreaterThanOrEqual(4);
    expect(resumption.length).toBeGreaterThanOrEqual(1);
  });

  it.each(extracts.map((s) => [s.line, s] as const))('HKDF-Extract at line %i', (_l, s) => {
    const zeros = new Uint8Array(32);
    const salt = /^[0-9a-f]+$/.test(s.fields.salt ?? '') ? hex(s.fields.salt!) : zeros;
    const ikm = /^[0-9a-f]+$/.test(s.fields.IKM ?? '') ? hex(s.fields.IKM!) : zeros;
    expect(toHex(p.hkdfExtract('sha256', salt, ikm))).toBe(s.fields.secret);
  });

  it.each(derives.map((s) => [s.line, s] as const))('Derive-Secret at line %i', (_l, s) => {
    const label = quoted(s.title)!;
    expect(toHex(deriveSecret(p, 'sha256', hex(s.fields.PRK!), label, hex(s.fields.hash!)))).toBe(s.fields.expanded);
  });

  it.each(keys.map((s) => [s.line, s] as const))('traffic key and IV at line %i', (_l, s) => {
    const { key, iv } = trafficKeys(p, suiteById(0x1301), hex(s.fields.PRK!));
    expect(toHex(key)).toBe(s.fields['key expanded']);
    expect(toHex(iv)).toBe(s.fields['iv expanded']);
  });

  it.each(finished.map((s) => [s.line, s] as const))('finished key at line %i', (_l, s) => {
    expect(toHex(hkdfExpandLabel(p, 'sha256', hex(s.fields.PRK!), 'finished', new Uint8Array(0), 32))).toBe(s.fields.expanded);
  });

  it.each(resumption.map((s) => [s.line, s] as const))('resumption PSK at line %i', (_l, s) => {
    expect(toHex(resumptionPsk(p, 'sha256', hex(s.fields.PRK!), hex(s.fields.hash ?? '')))).toBe(s.fields.expanded);
  });
});

describe('the key schedule stages through the §3 chain of the draft', () => {
  const first = (title: string) => steps.find((s) => s.title.startsWith(title))!;
  it('early → handshake → master, with the draft values at each stage', () => {
    const hsExtract = first('extract secret "handshake"');
    const chts = first('derive secret "tls13 c hs traffic"');
    const shts = first('derive secret "tls13 s hs traffic"');
    const master = first('extract secret "master"');
    const cats = first('derive secret "tls13 c ap traffic"');
    const sats = first('derive secret "tls13 s ap traffic"');
    const exp = first('derive secret "tls13 exp master"');
    const res = first('derive secret "tls13 res master"');

    const early = EarlySecret.start(p, 'sha256');
    const hs = early.intoHandshake(hex(hsExtract.fields.IKM!));
    expect(toHex(hs.clientHandshakeTrafficSecret(hex(chts.fields.hash!)))).toBe(chts.fields.expanded);
    expect(toHex(hs.serverHandshakeTrafficSecret(hex(shts.fields.hash!)))).toBe(shts.fields.expanded);
    const ks = hs.intoMaster();
    expect(master.fields.secret).toBeDefined();
    expect(toHex(ks.clientApplicationTrafficSecret0(hex(cats.fields.hash!)))).toBe(cats.fields.expanded);
    expect(toHex(ks.serverApplicationTrafficSecret0(hex(sats.fields.hash!)))).toBe(sats.fields.expanded);
    expect(toHex(ks.exporterMasterSecret(hex(exp.fields.hash!)))).toBe(exp.fields.expanded);
    expect(toHex(ks.resumptionMasterSecret(hex(res.fields.hash!)))).toBe(res.fields.expanded);
    ks.destroy();
    expect(() => ks.clientApplicationTrafficSecret0(new Uint8Array(32))).toThrow();
  });

  it('a stage that was left is wiped, and deriving from it is an internal error', () => {
    const early = EarlySecret.start(p, 'sha256');
    const hs = early.intoHandshake(new Uint8Array(32).fill(1));
    expect(() => early.clientEarlyTrafficSecret(new Uint8Array(32))).toThrow(/stage already left/);
    hs.intoMaster();
    expect(() => hs.clientHandshakeTrafficSecret(new Uint8Array(32))).toThrow(/stage already left/);
  });

  it('a derive in the wrong stage does not compile', () => {
    const early = EarlySecret.start(p, 'sha256');
    // @ts-expect-error: handshake traffic secrets exist only in the handshake stage (RFC 9846 §7.1)
    expect(() => early.clientHandshakeTrafficSecret(new Uint8Array(32))).toThrow(TypeError);
  });
});

describe('other schedule pieces', () => {
  it('HKDF-Expand-Label matches RFC 8448 §3 (published): server handshake key from its secret', () => {
    // RFC 8448 §3 "{server} derive write traffic keys for handshake data".
    const secret = hex('b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38');
    const { key, iv } = trafficKeys(p, suiteById(0x1301), secret);
    expect(toHex(key)).toBe('3fce516009c21727d0f2e4e86ee403bc');
    expect(toHex(iv)).toBe('5d313eb2671276ee13000b30');
  });

  it('HKDF-Expand-Label builds HkdfLabel (§7.1) for ASCII and UTF-8 labels, and refuses fields too long', () => {
    const secret = new Uint8Array(32).fill(4);
    const context = Uint8Array.of(9, 8, 7);
    for (const label of ['c hs traffic', 'EXPORTER-ü-測試', 'x'.repeat(249)]) {
      const full = new TextEncoder().encode('tls13 ' + label);
      const info = Uint8Array.of(0, 42, full.length, ...full, context.length, ...context);
      expect(hkdfExpandLabel(p, 'sha256', secret, label, context, 42)).toEqual(p.hkdfExpand('sha256', secret, info, 42));
    }
    expect(() => hkdfExpandLabel(p, 'sha256', secret, 'x'.repeat(250), context, 32)).toThrow(InternalError);
    expect(() => hkdfExpandLabel(p, 'sha256', secret, 'é'.repeat(125), context, 32)).toThrow(InternalError); // 256 bytes in UTF-8
    expect(() => hkdfExpandLabel(p, 'sha256', secret, 'key', new Uint8Array(256), 32)).toThrow(InternalError);
  });

  it('KeyUpdate secret is HKDF-Expand-Label(secret, "traffic upd", "", Hash.length)', () => {
    const s = new Uint8Array(32).fill(1);
    expect(nextApplicationTrafficSecret(p, 'sha256', s)).toEqual(hkdfExpandLabel(p, 'sha256', s, 'traffic upd', new Uint8Array(0), 32));
  });

  it('Finished is HMAC over the transcript with the finished key', () => {
    const base = new Uint8Array(32).fill(2);
    const th = new Uint8Array(32).fill(3);
    const fk = hkdfExpandLabel(p, 'sha256', base, 'finished', new Uint8Array(0), 32);
    expect(finishedVerifyData(p, 'sha256', base, th)).toEqual(p.hmac('sha256', fk, th));
  });
});

describe('Transcript', () => {
  const a = Uint8Array.of(1, 0, 0, 1, 9);
  const b = Uint8Array.of(2, 0, 0, 2, 7, 7);
  it('buffers until the hash is chosen', () => {
    const t = new Transcript();
    t.add(a);
    t.selectHash(p, 'sha384');
    t.add(b);
    expect(t.hash()).toEqual(p.hash('sha384', Uint8Array.from([...a, ...b])));
  });

  it('restarts with message_hash after a HelloRetryRequest (RFC 9846 §4.1)', () => {
    const t = new Transcript();
    t.add(a);
    t.selectHash(p, 'sha256');
    t.restartAfterHelloRetryRequest();
    t.add(b);
    const synthetic = messageHash(p.hash('sha256', a));
    expect(synthetic.subarray(0, 4)).toEqual(Uint8Array.of(254, 0, 0, 32));
    expect(t.hash()).toEqual(p.hash('sha256', Uint8Array.from([...synthetic, ...b])));
  });
});
