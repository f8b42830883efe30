// parsePrivateKey on files the openssl CLI writes at test time: genpkey keys, `pkcs8 -topk8 -v2`
// with every PBES2 PRF and AES size, RSASSA-PSS keys, `ecparam -genkey` (EC PARAMETERS first),
// and the forms we refuse (legacy `-traditional` encryption, PBES1, multi-prime RSA).
import { createPrivateKey } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePrivateKey } from '../../../src/index.js';
import { bytes, expectSameKey, openssl, opensslRsaComponents, readIn, refusal, tempDir, writeIn } from '../../helpers/private_key_checks.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
const dir = tmp.dir;

/** Runs `openssl genpkey` and returns the PEM file's name. */
function genpkey(name: string, ...args: string[]): string {
  openssl(dir, 'genpkey', ...args, '-out', name);
  return name;
}

const KEYS = {
  rsa: genpkey('rsa.pem', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'),
  p256: genpkey('p256.pem', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'),
  p384: genpkey('p384.pem', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'),
  ed25519: genpkey('ed25519.pem', '-algorithm', 'ED25519'),
};

describe('openssl genpkey keys', () => {
  it.each(Object.entries(KEYS))('%s: PEM (PKCS#8) and DER', (_, file) => {
    const pem = readIn(dir, file);
    const nodeKey = createPrivateKey(pem);
    expectSameKey(parsePrivateKey(pem.toString()), nodeKey);
    openssl(dir, 'pkey', '-in', file, '-outform', 'DER', '-out', file + '.der');
    expectSameKey(parsePrivateKey(bytes(readIn(dir, file + '.der'))), nodeKey);
  });

  it.each(['rsa', 'p256'] as const)('%s in its traditional form (openssl pkey -traditional)', (kind) => {
    const pem = openssl(dir, 'pkey', '-in', KEYS[kind], '-traditional').toString();
    expect(pem).toMatch(kind === 'rsa' ? /BEGIN RSA PRIVATE KEY/ : /BEGIN EC PRIVATE KEY/);
    expectSameKey(parsePrivateKey(pem), createPrivateKey(pem));
  });

  it('ecparam -genkey output: the EC PARAMETERS block is skipped', () => {
    const pem = openssl(dir, 'ecparam', '-name', 'secp384r1', '-genkey').toString();
    expect(pem.indexOf('EC PARAMETERS')).toBeLessThan(pem.indexOf('EC PRIVATE KEY'));
    expectSameKey(parsePrivateKey(pem), createPrivateKey(pem));
  });

  it('an EC key whose public point is stored compressed', () => {
    const pem = openssl(dir, 'ec', '-in', KEYS.p256, '-conv_form', 'compressed').toString();
    const key = parsePrivateKey(pem);
    expectSameKey(key, createPrivateKey(readIn(dir, KEYS.p256)));
    expect(key.publicKey).toMatchObject({ kind: 'ec', curve: 'P-256' });
  });

  it('a key after a certificate and explanatory text in one file', () => {
    const cert = openssl(dir, 'req', '-new', '-x509', '-key', KEYS.p256, '-subj', '/CN=client', '-days', '1').toString();
    const file = `Bag Attributes\n    friendlyName: client\n${cert}subject=CN = client\n${readIn(dir, KEYS.p256).toString()}`;
    expectSameKey(parsePrivateKey(file), createPrivateKey(readIn(dir, KEYS.p256)));
  });
});

describe('openssl pkcs8 -topk8 -v2 (PBES2)', () => {
  const PASS = 'pässwörd';
  it.each([
    ['aes-128-cbc', 'hmacWithSHA512'],
    ['aes-192-cbc', 'hmacWithSHA384'],
    ['aes-256-cbc', 'hmacWithSHA256'],
    ['aes-256-cbc', 'hmacWithSHA224'],
    ['aes-128-cbc', 'hmacWithSHA1'],
  ])('%s with %s, 1000 iterations', (cipher, prf) => {
    for (const file of [KEYS.ed25519, KEYS.p384]) {
      const pem = openssl(dir, 'pkcs8', '-topk8', '-in', file, '-v2', cipher, '-v2prf', prf, '-iter', '1000', '-passout', `pass:${PASS}`).toString();
      expect(pem).toContain('ENCRYPTED PRIVATE KEY');
      const nodeKey = createPrivateKey(readIn(dir, file));
      expectSameKey(parsePrivateKey(pem, PASS), nodeKey);
      const err = refusal(() => parsePrivateKey(pem, 'passwörd'), 'passphrase');
      expect(err.message).toBe('encrypted key: wrong passphrase or corrupt key');
      refusal(() => parsePrivateKey(pem), 'encrypted');
    }
  });

  it("openssl's defaults (AES-256-CBC, HMAC-SHA-256, 2048 iterations), DER", () => {
    const der = bytes(openssl(dir, 'pkcs8', '-topk8', '-in', KEYS.rsa, '-outform', 'DER', '-passout', 'pass:x'));
    expectSameKey(parsePrivateKey(der, 'x'), createPrivateKey(readIn(dir, KEYS.rsa)));
  });

  it('PBES1 (PBE-SHA1-3DES) is refused with advice', () => {
    const pem = openssl(dir, 'pkcs8', '-topk8', '-in', KEYS.ed25519, '-v1', 'PBE-SHA1-3DES', '-passout', 'pass:x').toString();
    const err = refusal(() => parsePrivateKey(pem, 'x'), 'unsupported');
    expect(err.message).toMatch(/PBES1.*1\.2\.840\.113549\.1\.12\.1\.3.*openssl pkcs8 -topk8 -v2 aes-256-cbc/);
  });

  it('PBES2 with DES-EDE3-CBC is refused, the cipher named', () => {
    const pem = openssl(dir, 'pkcs8', '-topk8', '-in', KEYS.ed25519, '-v2', 'des3', '-passout', 'pass:x').toString();
    expect(refusal(() => parsePrivateKey(pem, 'x'), 'unsupported').message).toContain('DES-EDE3-CBC (1.2.840.113549.3.7)');
  });

  it('scrypt key derivation is refused, named', () => {
    const pem = openssl(dir, 'pkcs8', '-topk8', '-in', KEYS.ed25519, '-scrypt', '-passout', 'pass:x').toString();
    expect(refusal(() => parsePrivateKey(pem, 'x'), 'unsupported').message).toContain('scrypt');
  });
});

describe('openssl refusals', () => {
  it('legacy `openssl rsa -aes256 -traditional` PEM: refused with the conversion command', () => {
    const pem = openssl(dir, 'rsa', '-in', KEYS.rsa, '-aes256', '-traditional', '-passout', 'pass:secret').toString();
    expect(pem).toContain('DEK-Info: AES-256-CBC');
    for (const pass of ['secret', undefined]) {
      const err = refusal(() => parsePrivateKey(pem, pass), 'unsupported');
      expect(err.message).toContain('openssl pkcs8 -topk8 -v2 aes-256-cbc');
      expect(err.message).not.toContain('secret');
    }
  });

  it('EC keys with explicit curve parameters are refused (RFC 5480 wants a named curve)', () => {
    const sec1 = openssl(dir, 'ec', '-in', KEYS.p256, '-param_enc', 'explicit').toString();
    expect(refusal(() => parsePrivateKey(sec1), 'unsupported').message).toMatch(/named curve/);
    const pkcs8 = openssl(dir, 'pkcs8', '-topk8', '-nocrypt', '-in', writeIn(dir, 'explicit.pem', sec1)).toString();
    expect(refusal(() => parsePrivateKey(pkcs8), 'unsupported').message).toMatch(/named curve/);
  });

  it('multi-prime RSA (3 primes) is refused', () => {
    const file = genpkey('mp.pem', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-pkeyopt', 'rsa_keygen_primes:3');
    expect(refusal(() => parsePrivateKey(readIn(dir, file)), 'unsupported').message).toMatch(/multi-prime/);
    const traditional = openssl(dir, 'pkey', '-in', file, '-traditional').toString();
    expect(refusal(() => parsePrivateKey(traditional), 'unsupported').message).toMatch(/multi-prime/);
  });

  it.each([
    ['Ed448', ['-algorithm', 'ED448'], /Ed448 \(1\.3\.101\.113\)/],
    ['X25519', ['-algorithm', 'X25519'], /X25519 \(1\.3\.101\.110\)/],
    ['P-521', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'], /P-521 \(1\.3\.132\.0\.35\)/],
  ])('%s is unsupported, named', (name, args, message) => {
    const file = genpkey(`${name}.pem`, ...args);
    expect(refusal(() => parsePrivateKey(readIn(dir, file)), 'unsupported').message).toMatch(message);
  });
});

describe('openssl RSASSA-PSS keys', () => {
  it.each([
    ['no parameters', [], undefined],
    ['rsa_pss_keygen_md:sha256 (MGF1 defaults to SHA-1, salt to 20)', ['-pkeyopt', 'rsa_pss_keygen_md:sha256'], 'sha256'],
    ['sha384 throughout', ['-pkeyopt', 'rsa_pss_keygen_md:sha384', '-pkeyopt', 'rsa_pss_keygen_mgf1_md:sha384', '-pkeyopt', 'rsa_pss_keygen_saltlen:48'], 'sha384'],
    ['sha512', ['-pkeyopt', 'rsa_pss_keygen_md:sha512'], 'sha512'],
  ])('%s', (_name, args, hash) => {
    const file = genpkey(`pss-${String(hash)}.pem`, '-algorithm', 'RSA-PSS', '-pkeyopt', 'rsa_keygen_bits:2048', ...args);
    const key = parsePrivateKey(readIn(dir, file));
    expectSameKey(key, createPrivateKey(readIn(dir, file)));
    expect(key.material).toEqual({ kind: 'rsa', ...opensslRsaComponents(dir, file) });
    expect(key.publicKey).toMatchObject({ kind: 'rsa', pssOnly: true, bits: 2048 });
    expect(key.pssHash).toBe(hash);
  });
});
