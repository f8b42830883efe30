// Signature verification (RSA-PSS, RSA PKCS#1 v1.5, ECDSA, Ed25519) against signatures node:crypto
// makes, plus tampered ones; SPKI parsing against node's own key export.
import { execSync } from 'node:child_process';
import { constants, generateKeyPairSync, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nobleProvider as p } from '../../src/crypto/noble/index.js';
import { certificateSpki, parseSpki } from '../../src/crypto/spki.js';
import type { HashAlgorithm, SignatureAlgorithm } from '../../src/crypto/provider.js';
import { TlsError } from '../../src/errors.js';

/** Property runs are bounded by numRuns; this is several times their normal duration, for a loaded 2-core machine. */
const PROPERTY_TIMEOUT_MS = 60_000;

const msg = new TextEncoder().encode('TLS 1.3, server CertificateVerify');
const spkiOf = (k: KeyObject) => new Uint8Array(k.export({ type: 'spki', format: 'der' }));
const flip = (b: Uint8Array, i: number) => { const c = b.slice(); c[i]! ^= 1; return c; };

const rsa2048 = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsa3072 = generateKeyPairSync('rsa', { modulusLength: 3072 });
const rsaPss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 });

describe('RSA-PSS (RFC 8017 §8.1.2)', () => {
  for (const [name, pair] of [['2048', rsa2048], ['3072', rsa3072]] as const) {
    for (const hash of ['sha256', 'sha384', 'sha512'] as HashAlgorithm[]) {
      it(`RSA-${name} with ${hash}, salt = hash length`, () => {
        const key = p.parsePublicKey(spkiOf(pair.publicKey));
        const hLen = p.hashLength(hash);
        const sig = new Uint8Array(sign(hash, msg, { key: pair.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: hLen }));
        const alg: SignatureAlgorithm = { kind: 'rsa-pss', hash };
        expect(p.verify(alg, key, msg, sig)).toBe(true);
        expect(p.verify(alg, key, flip(msg, 3), sig)).toBe(false);
        expect(p.verify(alg, key, msg, flip(sig, 100))).toBe(false);
        expect(p.verify(alg, key, msg, sig.subarray(1))).toBe(false);
        expect(p.verify(alg, key, msg, Uint8Array.from([0, ...sig]))).toBe(false);
        expect(p.verify({ kind: 'rsa-pss', hash: hash === 'sha256' ? 'sha384' : 'sha256' }, key, msg, sig)).toBe(false);
        expect(p.verify({ kind: 'rsa-pss', hash, saltLength: hLen + 1 }, key, msg, sig)).toBe(false);
      });
    }
  }

  it('an explicit salt length is honoured (certificates may use one)', () => {
    const key = p.parsePublicKey(spkiOf(rsa2048.publicKey));
    const sig = new Uint8Array(sign('sha256', msg, { key: rsa2048.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 20 }));
    expect(p.verify({ kind: 'rsa-pss', hash: 'sha256', saltLength: 20 }, key, msg, sig)).toBe(true);
    expect(p.verify({ kind: 'rsa-pss', hash: 'sha256' }, key, msg, sig)).toBe(false);
  });

  it('s >= n is refused', () => {
    const key = p.parsePublicKey(spkiOf(rsa2048.publicKey));
    expect(p.verify({ kind: 'rsa-pss', hash: 'sha256' }, key, msg, new Uint8Array(256).fill(0xff))).toBe(false);
  });

  it('id-RSASSA-PSS keys parse as pss-only and verify PSS', () => {
    const key = p.parsePublicKey(spkiOf(rsaPss.publicKey));
    expect(key).toMatchObject({ kind: 'rsa', pssOnly: true, bits: 2048 });
    const sig = new Uint8Array(sign('sha256', msg, { key: rsaPss.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }));
    expect(p.verify({ kind: 'rsa-pss', hash: 'sha256' }, key, msg, sig)).toBe(true);
    expect(p.verify({ kind: 'rsa-pkcs1', hash: 'sha256' }, key, msg, sig)).toBe(false);
  });
});

describe('RSA PKCS#1 v1.5 (RFC 8017 §8.2.2)', () => {
  for (const hash of ['sha256', 'sha384', 'sha512', 'sha1'] as HashAlgorithm[]) {
    it(`with ${hash}`, () => {
      const key = p.parsePublicKey(spkiOf(rsa2048.publicKey));
      const sig = new Uint8Array(sign(hash, msg, rsa2048.privateKey));
      expect(p.verify({ kind: 'rsa-pkcs1', hash }, key, msg, sig)).toBe(true);
      expect(p.verify({ kind: 'rsa-pkcs1', hash }, key, flip(msg, 0), sig)).toBe(false);
      expect(p.verify({ kind: 'rsa-pkcs1', hash }, key, msg, flip(sig, 7))).toBe(false);
      expect(p.verify({ kind: 'rsa-pkcs1', hash: hash === 'sha512' ? 'sha256' : 'sha512' }, key, msg, sig)).toBe(false);
      expect(p.verify({ kind: 'rsa-pss', hash }, key, msg, sig)).toBe(false);
    });
  }
});

describe('ECDSA (DER signatures, any hash with any curve)', () => {
  for (const curve of ['P-256', 'P-384', 'P-521'] as const) {
    const pair = generateKeyPairSync('ec', { namedCurve: curve });
    for (const hash of ['sha256', 'sha384', 'sha512'] as HashAlgorithm[]) {
      it(`${curve} with ${hash}`, () => {
        const key = p.parsePublicKey(spkiOf(pair.publicKey));
        expect(key).toMatchObject({ kind: 'ec', curve });
        // Several signatures, so high-S ones (which OpenSSL makes half the time) are covered.
        for (let i = 0; i < 6; i++) {
          const sig = new Uint8Array(sign(hash, msg, pair.privateKey));
          expect(p.verify({ kind: 'ecdsa', hash }, key, msg, sig)).toBe(true);
          expect(p.verify({ kind: 'ecdsa', hash }, key, flip(msg, 1), sig)).toBe(false);
          expect(p.verify({ kind: 'ecdsa', hash }, key, msg, flip(sig, sig.length - 2))).toBe(false);
        }
      });
    }
  }
});

describe('Ed25519', () => {
  it('verifies node signatures and refuses tampered ones', () => {
    const pair = generateKeyPairSync('ed25519');
    const key = p.parsePublicKey(spkiOf(pair.publicKey));
    const sig = new Uint8Array(sign(null, msg, pair.privateKey));
    expect(p.verify({ kind: 'ed25519' }, key, msg, sig)).toBe(true);
    expect(p.verify({ kind: 'ed25519' }, key, flip(msg, 2), sig)).toBe(false);
    expect(p.verify({ kind: 'ed25519' }, key, msg, flip(sig, 5))).toBe(false);
  });
});

describe('key kind mismatches verify to false, never throw', () => {
  it('EC key with RSA algorithms and the reverse', () => {
    const ec = p.parsePublicKey(spkiOf(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey));
    const rsa = p.parsePublicKey(spkiOf(rsa2048.publicKey));
    expect(p.verify({ kind: 'rsa-pss', hash: 'sha256' }, ec, msg, new Uint8Array(256))).toBe(false);
    expect(p.verify({ kind: 'ecdsa', hash: 'sha256' }, rsa, msg, new Uint8Array(70))).toBe(false);
    expect(p.verify({ kind: 'ed25519' }, rsa, msg, new Uint8Array(64))).toBe(false);
  });
});

describe('SPKI and certificates', () => {
  it.each(['rsa:2048', 'ec -pkeyopt ec_paramgen_curve:P-384', 'ed25519'])('finds the SPKI of a %s certificate exactly as node does', (alg) => {
    const dir = mkdtempSync(join(tmpdir(), 'puretls-spki-'));
    execSync(`openssl req -x509 -newkey ${alg.startsWith('ed') ? 'ed25519' : alg} -nodes -subj /CN=spki.test -days 1 -keyout ${dir}/k.pem -out ${dir}/c.pem`, { stdio: 'ignore' });
    const cert = new X509Certificate(readFileSync(`${dir}/c.pem`));
    rmSync(dir, { recursive: true });
    const spki = certificateSpki(new Uint8Array(cert.raw));
    expect(spki).toEqual(spkiOf(cert.publicKey));
    expect(parseSpki(spki).kind).toBe(alg.startsWith('rsa') ? 'rsa' : alg.startsWith('ec') ? 'ec' : 'ed25519');
  });

  it('reports key types it does not support (X25519 SPKI) as a typed error', () => {
    const x = generateKeyPairSync('x25519');
    expect(() => parseSpki(spkiOf(x.publicKey))).toThrow(TlsError);
  });

  it('rejects an EC point off the curve', () => {
    const spki = spkiOf(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey);
    spki[spki.length - 1]! ^= 1;
    expect(() => parseSpki(spki)).toThrow(TlsError);
  });

  it('random bytes into the DER parsers end in TlsError only', () => {
    const good = spkiOf(rsa2048.publicKey);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: good.length }), (junk, cut) => {
      for (const input of [junk, good.subarray(0, cut), Uint8Array.from([...good.subarray(0, cut), ...junk])]) {
        for (const f of [parseSpki, certificateSpki]) {
          try {
            f(input);
          } catch (e) {
            expect(e).toBeInstanceOf(TlsError);
          }
        }
      }
    }), { numRuns: 500 });
  }, PROPERTY_TIMEOUT_MS);

  it("our RSA modulus agrees with node's JWK export", () => {
    const k = parseSpki(spkiOf(rsa3072.publicKey));
    const jwk = rsa3072.publicKey.export({ format: 'jwk' });
    expect(k.kind === 'rsa' && k.n.toString(16)).toBe(Buffer.from(jwk.n!, 'base64url').toString('hex').replace(/^0+/, ''));
  });
});
