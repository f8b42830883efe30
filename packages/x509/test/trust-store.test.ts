// TrustStore: loading PEM/DER, lookup by subject, malformed input, lazy parsing of anchors.
import { describe, expect, it } from 'vitest';
import { X509Error } from '../src/errors.js';
import { parseCertificate } from '../src/parse/certificate.js';
import { verifyChain } from '../src/path/verify_chain.js';
import { TrustStore } from '../src/trust/trust_store.js';
import { elementsOf, fixtureText, good, issue, newKeys, NOW, parsedGood, seq, tlv } from './helpers/pki.js';

const rootPem = (alg: string) => fixtureText(`good/${alg}/root.pem`);
const p256Root = parsedGood('p256', 'root');
const chainOpts = (roots: TrustStore) => ({ roots, intermediates: [good('p256', 'intermediate')], now: NOW, serverName: 'localhost' });
const verifies = (roots: TrustStore) => verifyChain(good('p256', 'leaf'), chainOpts(roots));

/** The p256 root with one TBS field replaced, or with its signature BIT STRING altered. */
function alteredRoot(o: { serial?: Uint8Array; signatureUnusedBits?: number }): Uint8Array {
  const [tbs, alg, sig] = elementsOf(good('p256', 'root'));
  const fields = elementsOf(tbs!.raw).map((f) => f.raw);
  if (o.serial !== undefined) fields[1] = o.serial;
  const bits = o.signatureUnusedBits === undefined ? sig!.raw : tlv(0x03, [o.signatureUnusedBits], sig!.value.subarray(1));
  return seq(seq(...fields), alg!.raw, bits);
}

describe('TrustStore.fromPem / fromDer', () => {
  it('reads several roots from one PEM text, ignoring text between blocks', () => {
    const store = TrustStore.fromPem(`# bundle\n${rootPem('rsa')}\nsome comment\n${rootPem('p256')}${rootPem('ed25519')}`);
    expect(store.size).toBe(3);
    const found = store.candidates(p256Root.subjectKey);
    expect(found).toHaveLength(1);
    expect(found[0]!.der).toEqual(good('p256', 'root'));
    expect(store.candidates(parsedGood('ed25519', 'root').subjectKey)[0]!.subjectText).toBe('CN=puretls test root ed25519');
  });

  it('reads PEM from several arguments, and DER', () => {
    expect(TrustStore.fromPem(rootPem('rsa'), rootPem('p384')).size).toBe(2);
    const store = TrustStore.fromDer([good('rsa', 'root'), good('p256', 'root')]);
    expect(store.size).toBe(2);
    expect(store.candidates(p256Root.subjectKey)).toHaveLength(1);
  });

  it('add() puts another anchor in a store', () => {
    const store = TrustStore.fromDer([good('rsa', 'root')]);
    expect(() => verifies(store)).toThrow(expect.objectContaining({ reason: 'unknown-issuer' }));
    store.add(good('p256', 'root'));
    expect(store.size).toBe(2);
    expect(verifies(store).anchor.der).toEqual(good('p256', 'root'));
  });
});

describe('lookup by subject (candidates)', () => {
  it('returns nothing for a subject no anchor has', () => {
    const store = TrustStore.fromPem(rootPem('rsa'), rootPem('p256'));
    expect(store.candidates(parsedGood('p384', 'root').subjectKey)).toEqual([]);
    expect(store.candidates(parsedGood('p256', 'intermediate').subjectKey)).toEqual([]);
  });

  it('returns every anchor whose subject matches, compared as normalised names (case-insensitive)', async () => {
    const k = await newKeys();
    const impostor = await issue({ subject: 'CN=PureTLS Test ROOT  p256', issuer: 'CN=PureTLS Test ROOT  p256', publicKey: k.publicKey, signingKey: k.privateKey, ca: true, ski: '0102' });
    const store = TrustStore.fromDer([impostor, good('p256', 'root')]);
    const found = store.candidates(p256Root.subjectKey);
    expect(found.map((c) => c.der)).toEqual([impostor, good('p256', 'root')]);
    // The same-subject anchor with another key does not get in the way of the real one.
    expect(verifies(store).anchor.der).toEqual(good('p256', 'root'));
    expect(() => verifies(TrustStore.fromDer([impostor]))).toThrow(expect.objectContaining({ reason: 'unknown-issuer' }));
  });

  it('indexes by subject only: an intermediate in the store is a candidate for its leaves, then checked as an anchor', () => {
    const store = TrustStore.fromDer([good('p256', 'root'), good('p256', 'intermediate')]);
    expect(store.candidates(parsedGood('p256', 'leaf').issuerKey).map((c) => c.der)).toEqual([good('p256', 'intermediate')]);
    // The fixture intermediate carries an EKU, which a trust anchor may not.
    expect(() => verifyChain(good('p256', 'leaf'), { roots: TrustStore.fromDer([good('p256', 'intermediate')]), now: NOW, serverName: 'localhost' })).toThrow(
      expect.objectContaining({ reason: 'wrong-eku' }),
    );
  });
});

describe('garbage input', () => {
  it('text without CERTIFICATE blocks gives an empty store', () => {
    expect(TrustStore.fromPem('').size).toBe(0);
    expect(TrustStore.fromPem('hello, world\n').size).toBe(0);
    expect(TrustStore.fromPem(fixtureText('good/p256/root.key')).size).toBe(0);
    // A BEGIN without its END is not a block.
    expect(TrustStore.fromPem(rootPem('p256').replace('-----END CERTIFICATE-----', '')).size).toBe(0);
  });

  it('a CERTIFICATE block that is not a certificate is refused at once (X509Error bad-encoding)', () => {
    const pem = `-----BEGIN CERTIFICATE-----\n${Buffer.from('not a certificate').toString('base64')}\n-----END CERTIFICATE-----\n`;
    expect(() => TrustStore.fromPem(rootPem('rsa') + pem)).toThrow(expect.objectContaining({ name: 'X509Error', reason: 'bad-encoding' }));
    expect(() => TrustStore.fromDer([Uint8Array.of(1, 2, 3)])).toThrow(expect.objectContaining({ reason: 'bad-encoding', alertName: 'bad_certificate' }));
    expect(() => TrustStore.fromDer([new Uint8Array(0)])).toThrow(expect.objectContaining({ reason: 'bad-encoding' }));
  });

  it('a CERTIFICATE block that is not base64 is refused as bad-encoding (an X509Error, not atob\'s DOMException)', () => {
    const pem = '-----BEGIN CERTIFICATE-----\n!!!! not base64 ****\n-----END CERTIFICATE-----\n';
    expect(() => TrustStore.fromPem(pem)).toThrow(expect.objectContaining({ name: 'X509Error', reason: 'bad-encoding' }));
  });
});

describe('an empty store', () => {
  it.each(['rsa', 'p256', 'ed25519'])('verifies nothing (unknown-issuer, unknown_ca): %s', (alg) => {
    const roots = TrustStore.fromDer([]);
    expect(roots.size).toBe(0);
    expect(() => verifyChain(good(alg, 'leaf'), { roots, intermediates: [good(alg, 'intermediate')], now: NOW, serverName: 'localhost' })).toThrow(
      expect.objectContaining({ reason: 'unknown-issuer', alertName: 'unknown_ca' }),
    );
  });
});

describe('lazy parsing', () => {
  const broken = alteredRoot({ signatureUnusedBits: 1 });

  it('an anchor whose subject can be read is stored without a full parse, even if malformed', () => {
    expect(() => parseCertificate(broken, { anchor: true })).toThrow(expect.objectContaining({ reason: 'bad-encoding' }));
    const store = TrustStore.fromDer([broken]);
    expect(store.size).toBe(1);
    expect(store.candidates(p256Root.subjectKey)).toEqual([]);
    expect(() => verifies(store)).toThrow(expect.objectContaining({ reason: 'unknown-issuer' }));
  });

  it('a malformed anchor does not break the others, even under the same subject', () => {
    const store = TrustStore.fromDer([broken, good('rsa', 'root'), good('p256', 'root')]);
    expect(store.size).toBe(3);
    expect(store.candidates(p256Root.subjectKey).map((c) => c.der)).toEqual([good('p256', 'root')]);
    expect(verifies(store).anchor.der).toEqual(good('p256', 'root'));
    expect(verifyChain(good('rsa', 'leaf'), { roots: store, intermediates: [good('rsa', 'intermediate')], now: NOW, serverName: 'localhost' }).chain).toHaveLength(2);
  });

  it('parses an anchor once and returns the same object afterwards', () => {
    const store = TrustStore.fromPem(rootPem('p256'));
    const first = store.candidates(p256Root.subjectKey)[0];
    expect(first).toBeDefined();
    expect(store.candidates(p256Root.subjectKey)[0]).toBe(first);
  });

  it('tolerates a zero serial number in an anchor (old roots), not in another certificate', () => {
    const zero = alteredRoot({ serial: tlv(0x02, [0]) });
    expect(() => parseCertificate(zero)).toThrow(expect.objectContaining({ reason: 'bad-encoding' }));
    expect(parseCertificate(zero, { anchor: true }).serial).toEqual(Uint8Array.of(0));
    expect(verifies(TrustStore.fromDer([zero])).anchor.der).toEqual(zero);
  });
});

describe('the key-identifier index', () => {
  it('of several anchors with one subject, only those whose key identifier the child names are candidates', async () => {
    // A second "puretls test root p256" with its own key and key identifier (a renewed root).
    const keys = await newKeys();
    const twin = await issue({ subject: 'CN=puretls test root p256', issuer: 'CN=puretls test root p256', publicKey: keys.publicKey, signingKey: keys.privateKey, ca: true, ski: '0badc0de' });
    const store = TrustStore.fromDer([twin, good('p256', 'root')]);
    expect(store.candidates(p256Root.subjectKey)).toHaveLength(2);
    const intermediate = parsedGood('p256', 'intermediate');
    expect(store.candidates(intermediate.issuerKey, intermediate.authorityKeyId).map((c) => c.der)).toEqual([good('p256', 'root')]);
    expect(store.candidates(intermediate.issuerKey, Uint8Array.of(0x0b, 0xad, 0xc0, 0xde)).map((c) => c.der)).toEqual([twin]);
    expect(verifies(store).anchor.der).toEqual(good('p256', 'root'));
  });
});
