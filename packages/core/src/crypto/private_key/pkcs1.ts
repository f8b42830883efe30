/**
 * RSA private keys: RSAPrivateKey (RFC 8017 §A.1.2), alone (PEM `RSA PRIVATE KEY`) or inside
 * PKCS#8 under rsaEncryption or id-RSASSA-PSS. Two primes only. Every CRT component is checked
 * against the others (RFC 8017 §3.2), so a corrupt key fails here and not as a bad signature.
 */
import { derUnsigned, DerTag, type DerElement } from '../der.js';
import { bitLength, rsaKeyProblem } from '../rsa.js';
import { inside, malformed, smallInteger, take } from './asn1.js';
import { PrivateKeyError } from './errors.js';
import type { KeyParts } from './sec1.js';

const FIELDS = ['modulus', 'publicExponent', 'privateExponent', 'prime1', 'prime2', 'exponent1', 'exponent2', 'coefficient'] as const;

function inconsistent(relation: string): PrivateKeyError {
  return new PrivateKeyError('inconsistent', `RSA key: ${relation} does not hold (RFC 8017 §3.2); the key is corrupt or its parts do not belong together`);
}

/**
 * Parses a DER RSAPrivateKey; `pssOnly` marks a key found under id-RSASSA-PSS.
 *
 * @example
 * const { publicKey, material } = parseRsaPrivateKey(pkcs1Der, false); // publicKey.bits === 2048
 */
export function parseRsaPrivateKey(der: Uint8Array, pssOnly: boolean): KeyParts {
  const r = inside(der, DerTag.SEQUENCE, 'RSAPrivateKey');
  const version = smallInteger(take(r, DerTag.INTEGER, 'RSAPrivateKey version'));
  if (version === 1) throw new PrivateKeyError('unsupported', 'RSA key: multi-prime RSA (RSAPrivateKey version 1, RFC 8017 §A.1.2) is not supported');
  if (version !== 0) throw malformed('RSAPrivateKey: version must be 0');
  const els: DerElement[] = FIELDS.map((name) => take(r, DerTag.INTEGER, `RSAPrivateKey ${name}`));
  if (!r.done) throw malformed('RSAPrivateKey: trailing data (otherPrimeInfos need version 1)');
  const [n, e, d, p, q, dp, dq, qi] = els.map((el) => derUnsigned(el)) as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
  // The public half first, with the verifier's bounds: size (work) and exponent shape.
  const problem = rsaKeyProblem({ n, e });
  if (problem !== undefined) throw new PrivateKeyError(problem.reason === 'bad-key' ? 'inconsistent' : 'unsupported', `RSA key: ${problem.message}`);
  checkCrt(n, e, d, p, q, dp, dq, qi);
  return {
    publicKey: { kind: 'rsa', n, e, bits: bitLength(n), pssOnly },
    material: { kind: 'rsa', n, e, d, p, q, dp, dq, qi },
  };
}

/**
 * The relations of RFC 8017 §3.2 (two primes): n = p·q, e·d ≡ 1 modulo p−1 and q−1, the CRT
 * exponents and coefficient. Primality is not tested (costly); a composite "prime" still fails
 * e·d ≡ 1 unless the file was built to pass. These run once at load time, not per signature.
 */
function checkCrt(n: bigint, e: bigint, d: bigint, p: bigint, q: bigint, dp: bigint, dq: bigint, qi: bigint): void {
  if (p <= 1n || q <= 1n || p === q) throw inconsistent('p > 1, q > 1, p ≠ q');
  if (p * q !== n) throw inconsistent('n = p·q');
  if (d <= 0n || d >= n) throw inconsistent('0 < d < n');
  const p1 = p - 1n;
  const q1 = q - 1n;
  if ((e * d) % p1 !== 1n || (e * d) % q1 !== 1n) throw inconsistent('e·d ≡ 1 mod (p−1) and mod (q−1)');
  if (dp !== d % p1) throw inconsistent('dp = d mod (p−1)');
  if (dq !== d % q1) throw inconsistent('dq = d mod (q−1)');
  if (qi <= 0n || qi >= p || (qi * q) % p !== 1n) throw inconsistent('qi·q ≡ 1 mod p');
}
