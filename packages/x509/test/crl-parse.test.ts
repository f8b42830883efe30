// The CRL parser (RFC 5280 §5.1): openssl fixtures and hand-built CRLs read back field for field,
// every strict prefix refused, the §5 profile problems reported (not thrown), hostile bytes ending
// in a typed X509Error, and the size and entry bounds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CrlStore, parseCrl, X509Error, X509Limits } from '../src/index.js';
import { akiExt, crlFixture, crlFixturePem, crlNumberExt, crlTbs, derTimeOf, extension, idpExt, makeCrl, signCrl } from './helpers/crl.js';
import { editTree, type TreeEdit } from './helpers/der_tree.js';
import { hex, newKeys, parsedGood, seq, tlv } from './helpers/pki.js';

const PROPERTY_TIMEOUT_MS = 60_000;
const intermediate = parsedGood('p256', 'intermediate');
const leaf = parsedGood('p256', 'leaf');

/** A runtime error (a missing check) anywhere in the cause chain. */
function runtimeCause(e: unknown): Error | undefined {
  for (let c: unknown = e; c instanceof Error; c = c.cause) if (c instanceof TypeError || c instanceof RangeError) return c;
  return undefined;
}

/** parseCrl's outcome: 'ok' or the X509Error reason; anything else fails the property. */
function outcome(der: Uint8Array): string {
  try {
    parseCrl(der);
    return 'ok';
  } catch (e) {
    if (!(e instanceof X509Error)) throw new Error(`not an X509Error: ${String(e)}`, { cause: e });
    const masked = runtimeCause(e);
    if (masked !== undefined) throw new Error(`X509Error relabels ${masked.name}: ${masked.message}`, { cause: e });
    return e.reason;
  }
}

describe('parseCrl: openssl fixtures', () => {
  it('reads the intermediate CRL revoking the leaf', () => {
    const crl = parseCrl(crlFixture('intermediate-revoked'));
    expect(crl.issuerKey).toBe(intermediate.subjectKey);
    expect(crl.issuerText).toBe('CN=puretls test intermediate p256');
    expect([...crl.revokedSerials]).toEqual([hex(leaf.serial)]);
    expect(hex(crl.authorityKeyId)).toBe(hex(intermediate.subjectKeyId));
    expect(crl.crlNumber).toBe(0x1000n);
    expect(crl.problem).toBeUndefined();
    expect(crl.scope).toBeUndefined();
    expect(crl.nextUpdate! - crl.thisUpdate).toBe(27000 * 86_400_000);
  });

  it('reads a CRL that revokes nothing (revokedCertificates absent)', () => {
    const crl = parseCrl(crlFixture('intermediate'));
    expect(crl.revokedSerials.size).toBe(0);
    expect(crl.problem).toBeUndefined();
  });

  it('CrlStore.fromPem reads every X509 CRL block and indexes by issuer', () => {
    const store = CrlStore.fromPem(crlFixturePem('root') + crlFixturePem('intermediate-revoked') + crlFixturePem('intermediate'));
    expect(store.size).toBe(3);
    expect(store.forIssuer(intermediate.subjectKey).length).toBe(2);
    expect(store.forIssuer(intermediate.issuerKey).length).toBe(1);
    expect(store.forIssuer(leaf.subjectKey)).toEqual([]);
    expect(() => CrlStore.fromPem('-----BEGIN X509 CRL-----\n@@@\n-----END X509 CRL-----')).toThrow(X509Error);
  });

  it('refuses every strict prefix of a CRL', () => {
    const der = crlFixture('intermediate-revoked');
    for (let n = 0; n < der.length; n++) expect(outcome(der.subarray(0, n)), `prefix of ${n} bytes`).toBe('bad-encoding');
    expect(outcome(der)).toBe('ok');
  });
});

describe('parseCrl: hand-built CRLs', async () => {
  const keys = await newKeys();
  const base = { issuer: intermediate.subjectDer, signingKey: keys.privateKey };

  it('round-trips the fields it was built with', async () => {
    const thisUpdate = new Date('2029-06-01T12:00:00Z');
    const nextUpdate = new Date('2060-01-01T00:00:00Z'); // GeneralizedTime
    const crl = parseCrl(await makeCrl({ ...base, thisUpdate, nextUpdate, revoked: [{ serial: Uint8Array.of(0x00, 0x80) }, { serial: Uint8Array.of(7) }], extensions: [akiExt(Uint8Array.of(1, 2, 3)), crlNumberExt(42n)] }));
    expect(crl.thisUpdate).toBe(thisUpdate.getTime());
    expect(crl.nextUpdate).toBe(nextUpdate.getTime());
    expect([...crl.revokedSerials].sort()).toEqual(['0080', '07']);
    expect(crl.crlNumber).toBe(42n);
    expect(hex(crl.authorityKeyId)).toBe('010203');
  });

  it('reports §5 profile problems instead of throwing', async () => {
    const problem = async (spec: Partial<Parameters<typeof makeCrl>[0]>) => parseCrl(await makeCrl({ ...base, ...spec })).problem;
    expect(await problem({ extensions: [] })).toMatch(/no cRLNumber/);
    expect(await problem({ extensions: [crlNumberExt(1n, true)] })).toMatch(/critical cRLNumber/);
    expect(await problem({ nextUpdate: null })).toMatch(/no nextUpdate/);
    expect(await problem({ extensions: [crlNumberExt(1n), extension('2.5.29.27', tlv(0x02, [1]), true)] })).toMatch(/delta CRL/);
    expect(await problem({ extensions: [crlNumberExt(1n), extension('1.2.3.4', tlv(0x05, []), true)] })).toMatch(/unsupported critical extension 1\.2\.3\.4/);
    expect(await problem({ extensions: [crlNumberExt(1n), extension('1.2.3.4', tlv(0x05, []))] })).toBeUndefined();
    const entry = (exts: Uint8Array[]) => problem({ revoked: [{ serial: Uint8Array.of(5), extensions: exts }] });
    expect(await entry([extension('1.2.3.4', tlv(0x05, []), true)])).toMatch(/entry has unsupported critical extension/);
    expect(await entry([extension('2.5.29.29', seq(), true)])).toMatch(/certificateIssuer/);
    expect(await entry([extension('2.5.29.21', tlv(0x0a, [8]))])).toMatch(/removeFromCRL/);
    expect(await entry([extension('2.5.29.21', tlv(0x0a, [1]))])).toBeUndefined();
  });

  it('reads the issuingDistributionPoint', async () => {
    const uri = tlv(0x86, [...new TextEncoder().encode('http://crl.example/ca.crl')]);
    const crl = parseCrl(await makeCrl({ ...base, extensions: [crlNumberExt(1n), idpExt(tlv(0xa0, tlv(0xa0, uri)), tlv(0x81, [0xff]))] }));
    expect(crl.scope).toMatchObject({ onlyContainsUserCerts: true, onlyContainsCACerts: false, indirectCRL: false, relativeName: false });
    expect(crl.scope!.fullNames!.map(hex)).toEqual([hex(uri)]);
    // DEFAULT FALSE encoded, two "only" flags, fields out of order: malformed.
    for (const fields of [[tlv(0x81, [0x00])], [tlv(0x81, [0xff]), tlv(0x82, [0xff])], [tlv(0x84, [0xff]), tlv(0x81, [0xff])], []]) {
      expect(outcome(await makeCrl({ ...base, extensions: [crlNumberExt(1n), idpExt(...fields)] }))).toBe('bad-encoding');
    }
  });

  it('refuses malformed encodings: version, empty list, duplicate extension, negative serial, algorithm mismatch', async () => {
    const sign = (tbs: Uint8Array) => signCrl(tbs, keys.privateKey);
    const tbs = crlTbs({ ...base, revoked: [{ serial: Uint8Array.of(1) }] });
    expect(outcome(await sign(seq(tlv(0x02, [2]), ...tbsFields(tbs).slice(1))))).toBe('bad-encoding');
    expect(outcome(await makeCrl({ ...base, extensions: [crlNumberExt(1n), crlNumberExt(2n)] }))).toBe('bad-encoding');
    expect(outcome(await makeCrl({ ...base, revoked: [{ serial: Uint8Array.of(0xff) }] }))).toBe('bad-encoding');
    expect(outcome(await makeCrl({ ...base, revoked: [{ serial: Uint8Array.of(0, 1) }] }))).toBe('bad-encoding');
    const withEmptyList = tbsFields(crlTbs(base));
    withEmptyList.splice(5, 0, seq());
    expect(outcome(await sign(seq(...withEmptyList)))).toBe('bad-encoding');
    const good = await makeCrl(base);
    const [t, , sig] = tbsFields(good);
    expect(outcome(seq(t!, seq(tlv(0x06, [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03])), sig!))).toBe('bad-encoding');
  });
});

/** The raw elements inside a well-formed DER SEQUENCE (a minimal TLV walk, for building variants). */
function tbsFields(der: Uint8Array): Uint8Array[] {
  const len = (p: number): [number, number] => (der[p]! < 0x80 ? [der[p]!, p + 1] : [[...der.subarray(p + 1, p + 1 + (der[p]! & 0x7f))].reduce((a, b) => a * 256 + b, 0), p + 1 + (der[p]! & 0x7f)]);
  const [, start] = len(1);
  const out: Uint8Array[] = [];
  for (let p = start; p < der.length; ) {
    const [n, body] = len(p + 1);
    out.push(der.subarray(p, body + n));
    p = body + n;
  }
  return out;
}

describe('parseCrl: hostile input', () => {
  it('mutated CRLs end in a typed X509Error or parse', () => {
    const der = crlFixture('intermediate-revoked');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: der.length - 1 }), fc.integer({ min: 0, max: 255 }), (at, byte) => {
        const m = der.slice();
        m[at] = byte;
        outcome(m);
      }),
      { numRuns: 400 },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('structural edits of the DER tree end in a typed X509Error or parse', () => {
    const der = crlFixture('intermediate-revoked');
    const edit = fc.record({ kind: fc.constantFrom<TreeEdit['kind']>('empty', 'drop-child', 'dup-child', 'universal-string', 'bmp-odd'), at: fc.nat(60), child: fc.nat(8) });
    fc.assert(fc.property(edit, (e) => void outcome(editTree(der, e))), { numRuns: 300 });
  }, PROPERTY_TIMEOUT_MS);

  it('random bytes end in a typed X509Error', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => void outcome(b)), { numRuns: 300 });
  }, PROPERTY_TIMEOUT_MS);
});

describe('parseCrl: bounds', () => {
  it('refuses a CRL larger than X509Limits.maxCrlBytes before reading it', () => {
    const big = new Uint8Array(X509Limits.maxCrlBytes + 1);
    expect(outcome(big)).toBe('bad-encoding');
    expect(() => parseCrl(big)).toThrow(/larger than/);
  });

  it('refuses more than X509Limits.maxCrlEntries entries, and looks serials up in a Set', async () => {
    const keys = await newKeys();
    const entry = (i: number) => ({ serial: Uint8Array.of(0x01, (i >>> 16) & 0xff, (i >>> 8) & 0xff, i & 0xff) });
    const many = Array.from({ length: X509Limits.maxCrlEntries + 1 }, (_, i) => entry(i));
    // Read once, linearly, and stopped at the bound (the test's timeout is the only clock here).
    expect(() => parseCrl(bigCrl(many))).toThrow(/more than 500000 revoked certificates/);
    const crl = parseCrl(await makeCrl({ issuer: intermediate.subjectDer, signingKey: keys.privateKey, revoked: many.slice(0, 50_000) }));
    expect(crl.revokedSerials.size).toBe(50_000);
    expect(crl.revokedSerials.has('0100c34f')).toBe(true);
  }, PROPERTY_TIMEOUT_MS);
});

/** DER length octets. */
function lengthOf(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return Uint8Array.of(0x80 | out.length, ...out);
}

/** A TLV of any size (the pki helper spreads its body into an argument list). */
const bigTlvOf = (tag: number, parts: readonly Uint8Array[]): Uint8Array => {
  const body = Buffer.concat(parts);
  return Buffer.concat([Uint8Array.of(tag), lengthOf(body.length), body]);
};
const bigTlv = (tag: number, ...parts: Uint8Array[]): Uint8Array => bigTlvOf(tag, parts);

/** A CertificateList with many entries and a dummy signature (the entry bound is hit before any signature matters). */
function bigCrl(revoked: { serial: Uint8Array }[]): Uint8Array {
  const date = derTimeOf(new Date('2025-01-01T00:00:00Z'));
  const entries = bigTlvOf(0x30, revoked.map((r) => bigTlv(0x30, bigTlv(0x02, r.serial), date)));
  const alg = seq(tlv(0x06, [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]));
  const tbs = bigTlv(0x30, Uint8Array.of(0x02, 0x01, 0x01), alg, intermediate.subjectDer, date, derTimeOf(new Date('2090-01-01T00:00:00Z')), entries, tlv(0xa0, seq(crlNumberExt(1n))));
  return bigTlv(0x30, tbs, alg, tlv(0x03, [0], seq(tlv(0x02, [1]), tlv(0x02, [1]))));
}
