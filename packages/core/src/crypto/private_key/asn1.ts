/**
 * Small helpers over the strict DER reader for private key structures. Each read checks the tag
 * itself before consuming, so a message names the expected structure, never a byte of the input;
 * DER errors (InvalidMessageError) become PrivateKeyError('malformed') at the boundary.
 */
import { InvalidMessageError } from '../../errors.js';
import { derOid, DerReader, DerTag, derUnsigned, type DerElement } from '../der.js';
import { PrivateKeyError } from './errors.js';

/**
 * Context-specific tags of the key structures (X.690 §8.1.2).
 *
 * @example
 * const params = optional(reader, Ctx.c0);
 */
export const Ctx = {
  /** [0] constructed: attributes (RFC 5958), ECParameters (RFC 5915), PSS hashAlgorithm. */
  c0: 0xa0,
  /** [1] constructed: ECPrivateKey publicKey (explicit), PSS maskGenAlgorithm. */
  c1: 0xa1,
  /** [2] constructed: PSS saltLength. */
  c2: 0xa2,
  /** [3] constructed: PSS trailerField. */
  c3: 0xa3,
  /** [1] primitive: OneAsymmetricKey publicKey (IMPLICIT BIT STRING, RFC 5958 §2). */
  p1: 0x81,
} as const;

/**
 * A malformed-structure refusal.
 *
 * @example
 * throw malformed('PKCS#8: version must be 0 or 1');
 */
export function malformed(message: string): PrivateKeyError {
  return new PrivateKeyError('malformed', message);
}

/**
 * Reads the next element, which must have `tag`; `what` names it in the refusal.
 *
 * @example
 * const seq = take(reader, DerTag.SEQUENCE, 'PrivateKeyInfo');
 */
export function take(r: DerReader, tag: number, what: string): DerElement {
  if (r.peekTag() !== tag) throw malformed(`${what} missing or of the wrong type`);
  return r.read();
}

/**
 * The next element if it has `tag`, else undefined (nothing consumed): OPTIONAL fields.
 *
 * @example
 * const attrs = optional(reader, Ctx.c0);
 */
export function optional(r: DerReader, tag: number): DerElement | undefined {
  return r.peekTag() === tag ? r.read() : undefined;
}

/**
 * A reader over the contents of `der`, which must be exactly one element with `tag`.
 *
 * @example
 * const fields = inside(der, DerTag.SEQUENCE, 'RSAPrivateKey');
 */
export function inside(der: Uint8Array, tag: number, what: string): DerReader {
  return new DerReader(only(der, tag, what).value);
}

/**
 * The one element `der` consists of, which must have `tag` (explicit tagging wraps one element).
 *
 * @example
 * const curveOid = only(params.value, DerTag.OID, 'ECPrivateKey parameters');
 */
export function only(der: Uint8Array, tag: number, what: string): DerElement {
  const outer = new DerReader(der);
  const e = take(outer, tag, what);
  if (!outer.done) throw malformed(`${what}: trailing data`);
  return e;
}

/**
 * The one element (any tag) `der` consists of: an explicit tag's contents whose type is a CHOICE.
 *
 * @example
 * const curve = namedCurve(single(params.value, 'ECPrivateKey parameters'));
 */
export function single(der: Uint8Array, what: string): DerElement {
  const r = new DerReader(der);
  if (r.done) throw malformed(`${what} missing`);
  const e = r.read();
  if (!r.done) throw malformed(`${what}: trailing data`);
  return e;
}

/**
 * An AlgorithmIdentifier (RFC 5280 §4.1.1.2): the OID and the raw parameters, if any.
 *
 * @example
 * const alg: Algorithm = algorithm(reader, 'privateKeyAlgorithm'); // { oid: '1.3.101.112', params: undefined }
 */
export interface Algorithm {
  readonly oid: string;
  readonly params: DerElement | undefined;
}

/**
 * Reads an AlgorithmIdentifier SEQUENCE { OID, ANY OPTIONAL } from `r`.
 *
 * @example
 * const { oid, params } = algorithm(reader, 'privateKeyAlgorithm');
 */
export function algorithm(r: DerReader, what: string): Algorithm {
  const seq = new DerReader(take(r, DerTag.SEQUENCE, what).value);
  const oid = derOid(take(seq, DerTag.OID, `${what} OID`));
  const params = seq.done ? undefined : seq.read();
  if (!seq.done) throw malformed(`${what}: trailing data`);
  return { oid, params };
}

/**
 * Fails unless the parameters are absent or NULL (RFC 3279 / RFC 8018 allow either in practice).
 *
 * @example
 * nullOrAbsent(alg.params, 'rsaEncryption parameters');
 */
export function nullOrAbsent(params: DerElement | undefined, what: string): void {
  if (params !== undefined && (params.tag !== DerTag.NULL || params.value.length !== 0)) throw malformed(`${what} must be NULL or absent`);
}

/**
 * A small non-negative INTEGER (versions, counts) as a number, or `Infinity` above 2^48: the size
 * is judged from the encoding, so a huge INTEGER is never converted.
 *
 * @example
 * const version = smallInteger(take(reader, DerTag.INTEGER, 'version'));
 */
export function smallInteger(e: DerElement): number {
  if (e.value.length > 7) {
    derUnsigned(e); // still refuse a negative or non-minimal encoding
    return Infinity;
  }
  const n = Number(derUnsigned(e));
  return n > 2 ** 48 ? Infinity : n;
}

/**
 * Runs `parse`, turning the DER reader's errors into PrivateKeyError('malformed') labelled with
 * `context`. The reader's messages name structure only (lengths, tags expected), never content.
 *
 * @example
 * const key = withDer('PKCS#8', () => parsePkcs8(der));
 */
export function withDer<T>(context: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof InvalidMessageError) throw malformed(`${context}: ${e.message}`);
    throw e;
  }
}
