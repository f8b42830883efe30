/**
 * EC private keys: ECPrivateKey (SEC 1 §C.4, RFC 5915 §3), alone (PEM `EC PRIVATE KEY`) or inside
 * PKCS#8 under id-ecPublicKey (RFC 5915 §1, RFC 5480 §2.1.1). Only P-256 and P-384, the curves of
 * the ECDSA schemes we sign with (RFC 9846 §4.3.3). The scalar is checked (0 < d < n) and the
 * public point computed from it; a point in the file must be that point.
 */
import { p256, p384 } from '@noble/curves/nist.js';
import { bigIntFromBytes } from '../../codec/hex.js';
import { derBitStringBytes, derOid, DerTag, type DerElement } from '../der.js';
import type { PrivateKeyMaterial, PublicKey } from '../provider.js';
import { Ctx, inside, malformed, only, optional, single, smallInteger, take } from './asn1.js';
import { PrivateKeyError } from './errors.js';
import { OID, oidName } from './oids.js';

type Curve = 'P-256' | 'P-384';

const CURVES = { 'P-256': p256, 'P-384': p384 } as const;

/**
 * A parsed key before it is wrapped: the public half and the secret components.
 *
 * @example
 * const parts: KeyParts = parseEcPrivateKey(der);
 * new LoadedPrivateKey(parts.publicKey, parts.material);
 */
export interface KeyParts {
  readonly publicKey: PublicKey;
  readonly material: PrivateKeyMaterial;
}

/**
 * The curve named by ECParameters (RFC 5480 §2.1.1: namedCurve only; implicitCurve and
 * specifiedCurve are forbidden in PKIX and refused here).
 *
 * @example
 * const curve = namedCurve(alg.params); // 'P-256'
 */
export function namedCurve(params: DerElement | undefined): Curve {
  if (params === undefined) throw malformed('EC key: no curve named');
  if (params.tag !== DerTag.OID) throw new PrivateKeyError('unsupported', 'EC key: explicit or implicit curve parameters are not supported (RFC 5480 §2.1.1 requires a named curve)');
  const oid = derOid(params);
  if (oid === OID.p256) return 'P-256';
  if (oid === OID.p384) return 'P-384';
  throw new PrivateKeyError('unsupported', `EC key: unsupported curve ${oidName(oid)}; only P-256 and P-384 are supported`);
}

/**
 * The scalar as exactly the curve's length. RFC 5915 §3 fixes the length, but OpenSSL once wrote
 * scalars with their leading zero bytes dropped (and some encoders add one), so leading zeros are
 * normalised rather than refused: the value is what must be in range.
 */
function fixedScalar(raw: Uint8Array, length: number): Uint8Array {
  let start = 0;
  while (start < raw.length && raw[start] === 0) start++;
  if (raw.length - start > length) throw new PrivateKeyError('inconsistent', 'EC key: private scalar longer than the curve order');
  const d = new Uint8Array(length);
  d.set(raw.subarray(start), length - (raw.length - start));
  return d;
}

/**
 * Parses a DER ECPrivateKey. `curveFromAlgorithm` is the PKCS#8 AlgorithmIdentifier's curve; when
 * the key repeats it in [0] the two must agree. `givenOutside` is a v2 OneAsymmetricKey's public
 * key; it, like the ECPrivateKey's own [1], must be d·G.
 *
 * @example
 * const { publicKey, material } = parseEcPrivateKey(sec1Der);
 */
export function parseEcPrivateKey(der: Uint8Array, curveFromAlgorithm?: Curve, givenOutside?: Uint8Array): KeyParts {
  const r = inside(der, DerTag.SEQUENCE, 'ECPrivateKey');
  if (smallInteger(take(r, DerTag.INTEGER, 'ECPrivateKey version')) !== 1) throw malformed('ECPrivateKey: version must be 1 (RFC 5915 §3)');
  const raw = take(r, DerTag.OCTET_STRING, 'ECPrivateKey privateKey').value;
  const params = optional(r, Ctx.c0);
  const pub = optional(r, Ctx.c1);
  if (!r.done) throw malformed('ECPrivateKey: trailing data');
  let curve = curveFromAlgorithm;
  if (params !== undefined) {
    const own = namedCurve(single(params.value, 'ECPrivateKey parameters'));
    if (curve !== undefined && own !== curve) throw new PrivateKeyError('inconsistent', `EC key: the algorithm names ${curve} but the key ${own}`);
    curve = own;
  }
  if (curve === undefined) throw malformed('ECPrivateKey: no curve named (parameters [0] absent)');
  const given = pub === undefined ? undefined : derBitStringBytes(only(pub.value, DerTag.BIT_STRING, 'ECPrivateKey publicKey'));
  return ecKeyParts(curve, raw, [given, givenOutside]);
}

/**
 * The checked key. These tests on the secret scalar run once, when the key is loaded, not per
 * signature, so their timing says nothing an observer of signatures could use.
 */
function ecKeyParts(curve: Curve, raw: Uint8Array, given: readonly (Uint8Array | undefined)[]): KeyParts {
  const impl = CURVES[curve];
  const d = fixedScalar(raw, impl.Point.Fn.BYTES);
  const scalar = bigIntFromBytes(d);
  if (scalar === 0n || scalar >= impl.Point.Fn.ORDER) {
    d.fill(0);
    throw new PrivateKeyError('inconsistent', `EC key: private scalar out of range for ${curve} (must be 0 < d < n)`);
  }
  const point = impl.getPublicKey(d, false);
  for (const g of given) {
    if (g !== undefined && !samePoint(impl, g, point)) {
      d.fill(0);
      throw new PrivateKeyError('inconsistent', `EC key: the public point in the file is not d·G on ${curve}`);
    }
  }
  return { publicKey: { kind: 'ec', curve, point }, material: { kind: 'ec', curve, d } };
}

/** Whether `given` (any SEC 1 encoding: compressed or not) is the point `computed`. */
function samePoint(impl: (typeof CURVES)[Curve], given: Uint8Array, computed: Uint8Array): boolean {
  try {
    return impl.Point.fromBytes(given).equals(impl.Point.fromBytes(computed));
  } catch {
    return false; // not a point of the curve at all
  }
}
