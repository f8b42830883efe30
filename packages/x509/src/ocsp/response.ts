/**
 * The OCSP response (RFC 6960 §4.2.1) read with the strict DER reader: the OCSPResponse envelope,
 * the BasicOCSPResponse it carries, its ResponseData and SingleResponses. Only the structure is
 * checked here; signature, responder and CertID are verify_response.ts's.
 */
import { derBitStringBytes } from '@puretls/core/der';
import { X509Limits } from '../limits.js';
import { children, derOid, derTime, expectTag, malformed, type DerElement } from '../parse/der.js';
import { single } from '../parse/extensions.js';

/** id-pkix-ocsp-basic (RFC 6960 §4.2.1): the only responseType we read. */
const BASIC = '1.3.6.1.5.5.7.48.1.1';

/** The hash algorithms a CertID may use (RFC 6960 §4.1.1, RFC 5019 §2.1.1: SHA-1 is the norm). */
const CERT_ID_HASHES: Readonly<Record<string, 'sha1' | 'sha256' | 'sha384' | 'sha512'>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** OCSPResponseStatus (RFC 6960 §4.2.1) by value. */
const STATUS_NAMES = ['successful', 'malformedRequest', 'internalError', 'tryLater', '(unused 4)', 'sigRequired', 'unauthorized'] as const;

/** CertID (RFC 6960 §4.1.1): which certificate a SingleResponse is about. */
export interface CertId {
  /** The hashAlgorithm of both hashes below (SHA-1 in most responses). */
  readonly hash: 'sha1' | 'sha256' | 'sha384' | 'sha512';
  /** Hash of the DER of the certificate's issuer Name. */
  readonly issuerNameHash: Uint8Array;
  /** Hash of the issuer's subjectPublicKey BIT STRING value (without the unused-bits octet). */
  readonly issuerKeyHash: Uint8Array;
  /** The serialNumber INTEGER's contents, as encoded. */
  readonly serial: Uint8Array;
}

/** One SingleResponse (RFC 6960 §4.2.1). */
export interface SingleResponse {
  /** Which certificate this answer is about. */
  readonly certId: CertId;
  /** certStatus (RFC 6960 §4.2.1): good, revoked, or unknown to the responder. */
  readonly status: 'good' | 'revoked' | 'unknown';
  /** revocationTime (ms since the epoch) for a revoked certificate. */
  readonly revocationTime: number | undefined;
  /** thisUpdate: when the status was known to be correct (ms since the epoch). */
  readonly thisUpdate: number;
  /** nextUpdate, if given (ms since the epoch). */
  readonly nextUpdate: number | undefined;
}

/** Who signed: by name (its DER) or by the SHA-1 of its subjectPublicKey (RFC 6960 §4.2.1). */
export type ResponderId = { readonly kind: 'name'; readonly name: Uint8Array } | { readonly kind: 'key'; readonly keyHash: Uint8Array };

/** A successful BasicOCSPResponse, structurally checked. */
export interface ParsedOcspResponse {
  /** The DER of tbsResponseData, tag and length included: what the signature covers. */
  readonly tbs: Uint8Array;
  /** The DER of the signatureAlgorithm AlgorithmIdentifier. */
  readonly signatureAlgorithm: Uint8Array;
  /** The signature BIT STRING's bytes (without the unused-bits octet). */
  readonly signature: Uint8Array;
  /** Who signed (the responderID). */
  readonly responderId: ResponderId;
  /** producedAt: when the responder signed (ms since the epoch). */
  readonly producedAt: number;
  /** The SingleResponses, in order (at most X509Limits.maxOcspSingleResponses). */
  readonly responses: readonly SingleResponse[];
  /** The certificates given to help verify the signature (DER), e.g. a delegated responder's. */
  readonly certs: readonly Uint8Array[];
}

/**
 * The OCSPResponse's status, and its BasicOCSPResponse if successful.
 *
 * @example
 * const r = parseOcspResponse(der);
 * if (r.status === 'successful') r.basic.responses[0]?.status; // 'good'
 */
export function parseOcspResponse(der: Uint8Array): { readonly status: 'successful'; readonly basic: ParsedOcspResponse } | { readonly status: string; readonly basic: undefined } {
  if (der.length > X509Limits.maxOcspResponseBytes) throw malformed(`OCSP response of ${der.length} bytes (at most ${X509Limits.maxOcspResponseBytes})`);
  const top = children(single(der, 0x30));
  const status = expectTag(top[0], 0x0a, 'responseStatus').value;
  if (status.length !== 1) throw malformed('responseStatus is not one octet');
  const name = STATUS_NAMES[status[0]!];
  if (name === undefined || name === '(unused 4)') throw malformed(`unknown responseStatus ${status[0]}`);
  if (name !== 'successful') {
    // §4.2.1: responseBytes are absent unless successful.
    if (top.length !== 1) throw malformed(`responseBytes with responseStatus ${name}`);
    return { status: name, basic: undefined };
  }
  if (top.length !== 2) throw malformed('successful OCSPResponse without exactly one responseBytes');
  const rb = children(single(expectTag(top[1], 0xa0, 'responseBytes').value, 0x30));
  if (rb.length !== 2) throw malformed('ResponseBytes is not {responseType, response}');
  const type = derOid(expectTag(rb[0], 0x06, 'responseType'));
  if (type !== BASIC) throw malformed(`responseType ${type} is not id-pkix-ocsp-basic`);
  return { status: name, basic: parseBasic(expectTag(rb[1], 0x04, 'response').value) };
}

/** BasicOCSPResponse ::= SEQUENCE { tbsResponseData, signatureAlgorithm, signature, certs [0] EXPLICIT OPTIONAL }. */
function parseBasic(v: Uint8Array): ParsedOcspResponse {
  const f = children(single(v, 0x30));
  const tbs = expectTag(f[0], 0x30, 'tbsResponseData');
  const signatureAlgorithm = expectTag(f[1], 0x30, 'signatureAlgorithm').raw;
  const signature = derBitStringBytes(expectTag(f[2], 0x03, 'signature'));
  let certs: Uint8Array[] = [];
  if (f.length > 3) {
    certs = children(single(expectTag(f[3], 0xa0, 'certs').value, 0x30)).map((c) => expectTag(c, 0x30, 'certificate').raw);
    if (certs.length > X509Limits.maxOcspCertificates) throw malformed(`more than ${X509Limits.maxOcspCertificates} certificates in the OCSP response`);
  }
  if (f.length > 4) throw malformed('trailing fields in BasicOCSPResponse');
  return { tbs: tbs.raw, signatureAlgorithm, signature, certs, ...parseResponseData(tbs) };
}

/** ResponseData (RFC 6960 §4.2.1): version [0] DEFAULT v1, responderID, producedAt, responses, responseExtensions [1]. */
function parseResponseData(tbs: DerElement): Pick<ParsedOcspResponse, 'responderId' | 'producedAt' | 'responses'> {
  const f = children(tbs);
  let i = 0;
  if (f[i]?.tag === 0xa0) {
    // DER: the DEFAULT v1 is never encoded, and v1 is the only version.
    throw malformed('explicit ResponseData version (only v1 exists, the DER default)');
  }
  const rid = f[i++];
  let responderId: ResponderId;
  if (rid?.tag === 0xa1) responderId = { kind: 'name', name: single(rid.value, 0x30).raw };
  else if (rid?.tag === 0xa2) responderId = { kind: 'key', keyHash: single(rid.value, 0x04).value };
  else throw malformed('responderID is neither byName [1] nor byKey [2]');
  const producedAt = generalizedTime(f[i++], 'producedAt');
  const list = children(expectTag(f[i++], 0x30, 'responses'));
  if (list.length === 0) throw malformed('no SingleResponse');
  if (list.length > X509Limits.maxOcspSingleResponses) throw malformed(`more than ${X509Limits.maxOcspSingleResponses} SingleResponses`);
  if (f[i]?.tag === 0xa1) checkExtensions(f[i++]!, 'responseExtensions');
  if (i !== f.length) throw malformed('trailing fields in ResponseData');
  return { responderId, producedAt, responses: list.map(parseSingle) };
}

/** SingleResponse ::= SEQUENCE { certID, certStatus, thisUpdate, nextUpdate [0] EXPLICIT OPTIONAL, singleExtensions [1] EXPLICIT OPTIONAL }. */
function parseSingle(e: DerElement): SingleResponse {
  const f = children(expectTag(e, 0x30, 'SingleResponse'));
  const certId = parseCertId(expectTag(f[0], 0x30, 'certID'));
  const cs = f[1];
  let status: SingleResponse['status'];
  let revocationTime: number | undefined;
  // CertStatus (IMPLICIT tags): good [0] NULL, revoked [1] RevokedInfo, unknown [2] NULL.
  if (cs?.tag === 0x80 && cs.value.length === 0) status = 'good';
  else if (cs?.tag === 0x82 && cs.value.length === 0) status = 'unknown';
  else if (cs?.tag === 0xa1) {
    status = 'revoked';
    const ri = children(cs);
    revocationTime = generalizedTime(ri[0], 'revocationTime');
    if (ri.length > 2 || (ri[1] !== undefined && ri[1].tag !== 0xa0)) throw malformed('bad RevokedInfo');
    if (ri[1] !== undefined) expectTag(single(ri[1].value), 0x0a, 'revocationReason');
  } else throw malformed('bad certStatus');
  const thisUpdate = generalizedTime(f[2], 'thisUpdate');
  let i = 3;
  let nextUpdate: number | undefined;
  if (f[i]?.tag === 0xa0) nextUpdate = generalizedTime(single(f[i++]!.value), 'nextUpdate');
  if (f[i]?.tag === 0xa1) checkExtensions(f[i++]!, 'singleExtensions');
  if (i !== f.length) throw malformed('trailing fields in SingleResponse');
  return { certId, status, revocationTime, thisUpdate, nextUpdate };
}

/** CertID ::= SEQUENCE { hashAlgorithm, issuerNameHash OCTET STRING, issuerKeyHash OCTET STRING, serialNumber INTEGER }. */
function parseCertId(e: DerElement): CertId {
  const f = children(e);
  if (f.length !== 4) throw malformed('CertID does not have four fields');
  const alg = children(expectTag(f[0], 0x30, 'hashAlgorithm'));
  const hash = CERT_ID_HASHES[derOid(expectTag(alg[0], 0x06, 'hashAlgorithm OID'))];
  // Parameters absent or NULL (RFC 5754 §2: both are seen for the SHA family).
  if (hash === undefined || alg.length > 2 || (alg[1] !== undefined && (alg[1].tag !== 0x05 || alg[1].value.length !== 0))) throw malformed('unsupported CertID hash algorithm');
  const serial = expectTag(f[3], 0x02, 'serialNumber').value;
  if (serial.length === 0) throw malformed('empty serialNumber');
  return { hash, issuerNameHash: expectTag(f[1], 0x04, 'issuerNameHash').value, issuerKeyHash: expectTag(f[2], 0x04, 'issuerKeyHash').value, serial };
}

/** OCSP times are GeneralizedTime (RFC 6960 §4.2.2.1, RFC 5280 rules). */
function generalizedTime(e: DerElement | undefined, what: string): number {
  return derTime(expectTag(e, 0x18, what));
}

/**
 * [n] EXPLICIT Extensions: each well formed; an unknown critical one refuses the response (RFC 6960
 * §4.4 defines none that must be understood, and a critical flag means "do not accept me unread").
 */
function checkExtensions(wrapper: DerElement, what: string): void {
  const list = children(single(wrapper.value, 0x30));
  if (list.length === 0) throw malformed(`empty ${what}`);
  for (const ext of list) {
    const x = children(expectTag(ext, 0x30, 'Extension'));
    const oid = derOid(expectTag(x[0], 0x06, 'extnID'));
    const critical = x[1]?.tag === 0x01;
    if (critical) throw malformed(`critical extension ${oid} in ${what}`);
    expectTag(x[1], 0x04, `extnValue of ${oid}`);
    if (x.length !== 2) throw malformed(`trailing fields in extension ${oid}`);
  }
}
