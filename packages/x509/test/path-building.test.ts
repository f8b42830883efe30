// verifyChain path building: candidate order and extras, duplicates, cycles, alternative issuers,
// the depth limit, the work bound, and the server-name options.
import { describe, expect, it } from 'vitest';
import { X509Limits } from '../src/limits.js';
import { verifyChain, type ChainOptions } from '../src/path/verify_chain.js';
import { TrustStore } from '../src/trust/trust_store.js';
import { WebPkiVerifier } from '../src/verifier.js';
import { countingProvider, fixtureText, good, hex, issue, newKeys, NOW, p256FixtureKeys, parsedGood, pemBlocksToDer, pemToDer } from './helpers/pki.js';

const ROOT = 'CN=puretls test root p256';
const INTER = 'CN=puretls test intermediate p256';
const rootSki = hex(parsedGood('p256', 'root').subjectKeyId);
const interSki = hex(parsedGood('p256', 'intermediate').subjectKeyId);
const rootKeys = await p256FixtureKeys('root');
const interKeys = await p256FixtureKeys('intermediate');

const roots = TrustStore.fromDer([good('p256', 'root')]);
const leaf = good('p256', 'leaf');
const inter = good('p256', 'intermediate');
const opts = (o: Partial<ChainOptions> = {}): ChainOptions => ({ roots, intermediates: [inter], now: NOW, serverName: 'localhost', ...o });
const refused = (reason: string, alertName?: string) => expect.objectContaining(alertName === undefined ? { reason } : { reason, alertName });

/** A CA certificate for `subject` with key `key`, issued by `issuer` (its name, signing key and SKI). */
const ca = (subject: string, key: CryptoKeyPair, ski: string, issuer: { name: string; keys: CryptoKeyPair; ski: string }, validity: { notBefore?: Date; notAfter?: Date } = {}) =>
  issue({ subject, issuer: issuer.name, publicKey: key.publicKey, signingKey: issuer.keys.privateKey, ca: true, ski, aki: issuer.ski, ...validity });
/** A server leaf for `sans` under `issuer`. */
const leafUnder = (issuer: { name: string; keys: CryptoKeyPair; ski: string }, sans: { type: 'dns' | 'ip'; value: string }[] = [{ type: 'dns', value: 'localhost' }]) =>
  newKeys().then((k) => issue({ subject: 'O=puretls path test', issuer: issuer.name, publicKey: k.publicKey, signingKey: issuer.keys.privateKey, aki: issuer.ski, sans }));
const ROOT_ISSUER = { name: ROOT, keys: rootKeys, ski: rootSki };
const INTER_ISSUER = { name: INTER, keys: interKeys, ski: interSki };

// root -> I1 -> ... -> I7, each a CA without pathLenConstraint.
const depthIssuers = (await Promise.all(Array.from({ length: 7 }, () => newKeys()))).map((k, i) => ({ name: `CN=Depth ${i + 1}`, keys: k, ski: `d${i + 1}` }));
const cas = await Promise.all(depthIssuers.map((me, i) => ca(me.name, me.keys, me.ski, i === 0 ? ROOT_ISSUER : depthIssuers[i - 1]!)));
const leaf6 = await leafUnder(depthIssuers[5]!);
const leaf7 = await leafUnder(depthIssuers[6]!);
// CAs named like the fixture intermediate, with its SKI, but other keys: each costs a failed signature check.
const many = await Promise.all(Array.from({ length: X509Limits.maxSignatureChecks + 6 }, async () => ca(INTER, await newKeys(), interSki, ROOT_ISSUER)));

describe('candidate intermediates', () => {
  it('verify in any order and with unrelated extras (other PKIs, leaves, the root, garbage)', () => {
    const extras = [good('rsa', 'intermediate'), good('ed25519', 'intermediate'), good('p384', 'leaf'), Uint8Array.of(0x30, 0x03, 1, 2, 3), good('p256', 'root')];
    for (const intermediates of [[...extras, inter], [inter, ...extras], [extras[0]!, inter, ...extras.slice(1)]]) {
      const path = verifyChain(leaf, opts({ intermediates }));
      expect(path.chain.map((c) => c.der)).toEqual([leaf, inter]);
      expect(path.anchor.der).toEqual(good('p256', 'root'));
    }
  });

  it('the same intermediate twice still verifies, with it once in the path', () => {
    expect(verifyChain(leaf, opts({ intermediates: [inter, inter, inter.slice()] })).chain).toHaveLength(2);
  });

  it('extras alone are unknown-issuer', () => {
    expect(() => verifyChain(leaf, opts({ intermediates: [good('rsa', 'intermediate'), good('p384', 'intermediate')] }))).toThrow(refused('unknown-issuer', 'unknown_ca'));
  });
});

describe('cycles', () => {
  it('a cycle of cross-signed CAs terminates with unknown-issuer; a way out of it is then found', async () => {
    const [a, b] = [await newKeys(), await newKeys()];
    const A = { name: 'CN=Cycle A', keys: a, ski: 'aa01' };
    const B = { name: 'CN=Cycle B', keys: b, ski: 'bb01' };
    const aByB = await ca(A.name, a, A.ski, B);
    const bByA = await ca(B.name, b, B.ski, A);
    const theLeaf = await leafUnder(A);
    const work = countingProvider();
    expect(() => verifyChain(theLeaf, opts({ intermediates: [aByB, bByA], provider: work.provider }))).toThrow(refused('unknown-issuer', 'unknown_ca'));
    expect(work.verifies()).toBeLessThanOrEqual(4); // each cross-signature tried once, no loop
    const bByRoot = await ca(B.name, b, B.ski, ROOT_ISSUER);
    const path = verifyChain(theLeaf, opts({ intermediates: [aByB, bByA, bByRoot] }));
    expect(path.chain.map((c) => c.der)).toEqual([theLeaf, aByB, bByRoot]);
  });
});

describe('alternative issuers with the same subject and key', () => {
  it('an expired alternative does not hide a valid one, in either order', async () => {
    const expired = await ca(INTER, interKeys, interSki, ROOT_ISSUER, { notBefore: new Date('2000-01-01T00:00:00Z'), notAfter: new Date('2001-01-01T00:00:00Z') });
    expect(() => verifyChain(leaf, opts({ intermediates: [expired] }))).toThrow(refused('expired', 'certificate_expired'));
    for (const intermediates of [[expired, inter], [inter, expired]]) {
      expect(verifyChain(leaf, opts({ intermediates })).chain[1]!.der).toEqual(inter);
    }
  });

  it('a dead-end alternative (issued by an unknown CA) does not hide a valid one', async () => {
    const stranger = await newKeys();
    const deadEnd = await ca(INTER, interKeys, interSki, { name: ROOT, keys: stranger, ski: 'ffff' });
    expect(() => verifyChain(leaf, opts({ intermediates: [deadEnd] }))).toThrow(refused('unknown-issuer'));
    expect(verifyChain(leaf, opts({ intermediates: [deadEnd, inter] })).chain[1]!.der).toEqual(inter);
  });

  it('reports the deepest failure when no path is found', async () => {
    const expired = await ca(INTER, interKeys, interSki, ROOT_ISSUER, { notBefore: new Date('2000-01-01T00:00:00Z'), notAfter: new Date('2001-01-01T00:00:00Z') });
    expect(() => verifyChain(leaf, opts({ intermediates: [expired], roots: TrustStore.fromDer([]) }))).toThrow(refused('expired'));
  });
});

describe('depth', () => {
  it(`X509Limits.maxIntermediates (${X509Limits.maxIntermediates}) intermediates verify, one more is path-too-long`, () => {
    expect(verifyChain(leaf6, opts({ intermediates: cas.slice(0, 6).reverse() })).chain).toHaveLength(7);
    expect(() => verifyChain(leaf7, opts({ intermediates: cas }))).toThrow(refused('path-too-long', 'bad_certificate'));
  });

  it('maxIntermediates is respected', () => {
    expect(() => verifyChain(leaf6, opts({ intermediates: cas, maxIntermediates: 5 }))).toThrow(refused('path-too-long'));
    expect(verifyChain(leaf7, opts({ intermediates: cas, maxIntermediates: 7 })).chain).toHaveLength(8);
    expect(() => verifyChain(leaf, opts({ maxIntermediates: 0 }))).toThrow(refused('path-too-long'));
    expect(verifyChain(leaf, opts({ maxIntermediates: 1 })).chain).toHaveLength(2);
  });
});

describe('work bound', () => {
  it('many same-subject intermediates end with too-much-work, within the signature budget', () => {
    const work = countingProvider();
    expect(() => verifyChain(leaf, opts({ intermediates: [...many, inter], provider: work.provider }))).toThrow(refused('too-much-work', 'bad_certificate'));
    expect(work.verifies()).toBeLessThanOrEqual(X509Limits.maxSignatureChecks);
  });

  it(`the budget is exactly X509Limits.maxSignatureChecks (${X509Limits.maxSignatureChecks}) signature checks`, () => {
    // n impostors + the intermediate + the root's signature on it.
    const n = X509Limits.maxSignatureChecks - 2;
    expect(verifyChain(leaf, opts({ intermediates: [...many.slice(0, n), inter] })).chain).toHaveLength(2);
    expect(() => verifyChain(leaf, opts({ intermediates: [...many.slice(0, n + 1), inter] }))).toThrow(refused('too-much-work'));
  });

  it('a mesh of self-issued CAs cross-signing each other (exponentially many paths) ends with too-much-work', async () => {
    const n = 5;
    const keys = await Promise.all(Array.from({ length: n }, () => newKeys()));
    const mesh: Uint8Array[] = [];
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) mesh.push(await ca('CN=Mesh', keys[i]!, `e${i}`, { name: 'CN=Mesh', keys: keys[j]!, ski: `e${j}` }));
    const meshLeaf = await leafUnder({ name: 'CN=Mesh', keys: keys[0]!, ski: 'e0' });
    const work = countingProvider();
    expect(() => verifyChain(meshLeaf, opts({ intermediates: mesh, provider: work.provider }))).toThrow(refused('too-much-work'));
    expect(work.verifies()).toBeLessThanOrEqual(X509Limits.maxSignatureChecks);
  });
});

describe('server name', () => {
  const bad = (name: string) => pemBlocksToDer(fixtureText(`bad/${name}/chain.pem`));
  const badRoots = (name: string) => TrustStore.fromDer([pemToDer(fixtureText(`bad/${name}/root.pem`))]);

  it('undefined skips the name check (and a leaf without SAN, or for another host, verifies)', () => {
    expect(verifyChain(leaf, opts({ serverName: undefined })).chain).toHaveLength(2);
    for (const name of ['wrong-host', 'cn-only']) {
      const [l, ...rest] = bad(name);
      expect(() => verifyChain(l!, { roots: badRoots(name), intermediates: rest, now: NOW, serverName: 'localhost' })).toThrow(refused('name-mismatch'));
      expect(verifyChain(l!, { roots: badRoots(name), intermediates: rest, now: NOW }).chain).toHaveLength(2);
    }
  });

  it('WebPkiVerifier, unlike verifyChain, requires a server name (name-mismatch)', () => {
    expect(() => new WebPkiVerifier({ roots }).verifyServerCertificate({ chain: [leaf, inter], serverName: undefined, now: NOW })).toThrow(refused('name-mismatch', 'bad_certificate'));
  });

  it('a server name that is neither a host name nor an IP literal is name-mismatch', () => {
    for (const serverName of ['bad host', 'a/b', '']) expect(() => verifyChain(leaf, opts({ serverName }))).toThrow(refused('name-mismatch'));
  });

  it('an IP server name matches the IP SANs, in any text form', () => {
    for (const serverName of ['127.0.0.1', '::1', '[::1]', '0:0:0:0:0:0:0:1']) expect(verifyChain(leaf, opts({ serverName })).chain).toHaveLength(2);
    for (const serverName of ['127.0.0.2', '::2', '::ffff:127.0.0.1', '127.000.000.001']) expect(() => verifyChain(leaf, opts({ serverName }))).toThrow(refused('name-mismatch'));
  });

  it('an IP server name never matches a DNS SAN spelling the address; a DNS name never an IP SAN', async () => {
    const dnsOnly = await leafUnder(INTER_ISSUER, [{ type: 'dns', value: '10.0.0.1' }]);
    expect(() => verifyChain(dnsOnly, opts({ serverName: '10.0.0.1' }))).toThrow(refused('name-mismatch'));
    const ipOnly = await leafUnder(INTER_ISSUER, [{ type: 'ip', value: '10.0.0.1' }]);
    expect(verifyChain(ipOnly, opts({ serverName: '10.0.0.1' })).chain).toHaveLength(2);
    expect(() => verifyChain(ipOnly, opts({ serverName: 'localhost' }))).toThrow(refused('name-mismatch'));
  });
});
