/**
 * RSASSA-PSS-params of an id-RSASSA-PSS key (RFC 8017 §A.2.3, RFC 4055 §3.1): present, they
 * restrict the key to one hash, which TLS then signs with (rsa_pss_pss_*, RFC 9846 §4.3.3).
 * TLS 1.3 fixes MGF1 to that same hash and the salt to its length, so the mask and salt fields are
 * checked for shape only (as OpenSSL does: its default `-pkeyopt rsa_pss_keygen_md:sha256` key
 * names MGF1-SHA-1 and a 20-byte salt, and it signs in TLS 1.3 with MGF1-SHA-256 regardless).
 */
import { DerReader, DerTag, type DerElement } from '../der.js';
import type { HashAlgorithm } from '../provider.js';
import { algorithm, Ctx, malformed, nullOrAbsent, only, optional, smallInteger } from './asn1.js';
import { PrivateKeyError } from './errors.js';
import { OID, oidName } from './oids.js';

const HASHES: Readonly<Record<string, HashAlgorithm>> = { [OID.sha1]: 'sha1', [OID.sha256]: 'sha256', [OID.sha384]: 'sha384', [OID.sha512]: 'sha512' };

/** The one HashAlgorithm AlgorithmIdentifier in `der` (an explicit tag's contents, or MGF1's parameter). */
function hashOf(der: Uint8Array, what: string): HashAlgorithm {
  const r = new DerReader(der);
  const alg = algorithm(r, what);
  if (!r.done) throw malformed(`RSASSA-PSS-params: trailing data after ${what}`);
  nullOrAbsent(alg.params, `${what} parameters`);
  const hash = HASHES[alg.oid];
  if (hash === undefined) throw new PrivateKeyError('unsupported', `RSASSA-PSS key: unsupported ${what} ${oidName(alg.oid)}`);
  return hash;
}

/**
 * The hash an id-RSASSA-PSS key is restricted to, or undefined when the parameters are absent
 * (any hash). An empty parameter SEQUENCE means SHA-1, the ASN.1 DEFAULT.
 *
 * @example
 * pssKeyHash(alg.params); // 'sha256'
 */
export function pssKeyHash(params: DerElement | undefined): HashAlgorithm | undefined {
  if (params === undefined) return undefined;
  if (params.tag !== DerTag.SEQUENCE) throw malformed('RSASSA-PSS-params must be a SEQUENCE');
  const r = new DerReader(params.value);
  const hashField = optional(r, Ctx.c0);
  const maskField = optional(r, Ctx.c1);
  const saltField = optional(r, Ctx.c2);
  const trailerField = optional(r, Ctx.c3);
  if (!r.done) throw malformed('RSASSA-PSS-params: unexpected field');
  const hash = hashField === undefined ? 'sha1' : hashOf(hashField.value, 'hashAlgorithm');
  if (maskField !== undefined) {
    const m = new DerReader(maskField.value);
    const mask = algorithm(m, 'maskGenAlgorithm');
    if (!m.done) throw malformed('RSASSA-PSS-params: trailing data after maskGenAlgorithm');
    if (mask.oid !== OID.mgf1) throw new PrivateKeyError('unsupported', `RSASSA-PSS key: unsupported mask generation ${oidName(mask.oid)} (only MGF1)`);
    if (mask.params === undefined) throw malformed('RSASSA-PSS-params: MGF1 without its hash');
    hashOf(mask.params.raw, 'MGF1 hash');
  }
  if (saltField !== undefined) smallInteger(only(saltField.value, DerTag.INTEGER, 'RSASSA-PSS-params saltLength'));
  if (trailerField !== undefined && smallInteger(only(trailerField.value, DerTag.INTEGER, 'RSASSA-PSS-params trailerField')) !== 1) {
    throw new PrivateKeyError('unsupported', 'RSASSA-PSS key: trailerField other than 1 (0xbc, RFC 8017 §A.2.3)');
  }
  return hash;
}
