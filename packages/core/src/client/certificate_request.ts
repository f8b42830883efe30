/**
 * A server's CertificateRequest (RFC 9846 §4.4.2) as the application sees it: the schemes it
 * accepts, the CAs it names, its OID filters; checked as §4.3 and §4.4.2 require.
 */
import type { CertificateRequestInfo } from '../api.js';
import { PeerMisbehavedError } from '../errors.js';
import { decodeCertificateAuthorities, decodeOidFilters } from '../msgs/cert_request_bodies.js';
import { decodeCertificateRequest } from '../msgs/certificate_request.js';
import { ExtensionType, codepointName } from '../msgs/enums.js';
import { decodeSignatureSchemeList } from '../msgs/ext_bodies.js';
import { extensionAllowedIn, findExtension, isKnownExtension } from '../msgs/extension.js';

const E = ExtensionType;

/**
 * Decodes and checks a CertificateRequest body. signature_algorithms is mandatory
 * (missing_extension); a known extension that has no place in a CertificateRequest is
 * illegal_parameter; unknown ones are ignored (§4.3). During the handshake the context must be
 * empty (§4.4.2); after it, it must not repeat an earlier one (the caller checks).
 *
 * @example
 * const request = certificateRequestInfo(msg.body, false);
 * request.signatureSchemes; // [0x0403, 0x0804, ...]
 */
export function certificateRequestInfo(body: Uint8Array, postHandshake: boolean): CertificateRequestInfo {
  const cr = decodeCertificateRequest(body);
  if (!postHandshake && cr.context.length !== 0) throw new PeerMisbehavedError('illegal_parameter', 'CertificateRequest context must be empty during the handshake');
  for (const e of cr.extensions) {
    if (isKnownExtension(e.type) && !extensionAllowedIn(e.type, 'CR')) {
      throw new PeerMisbehavedError('illegal_parameter', `CertificateRequest may not carry extension ${codepointName(ExtensionType, e.type)}`);
    }
  }
  const schemes = findExtension(cr.extensions, E.signature_algorithms);
  if (schemes === undefined) throw new PeerMisbehavedError('missing_extension', 'CertificateRequest without signature_algorithms');
  const cert = findExtension(cr.extensions, E.signature_algorithms_cert);
  const cas = findExtension(cr.extensions, E.certificate_authorities);
  const filters = findExtension(cr.extensions, E.oid_filters);
  return {
    postHandshake,
    context: cr.context,
    signatureSchemes: decodeSignatureSchemeList(schemes.data),
    certificateSignatureSchemes: cert === undefined ? undefined : decodeSignatureSchemeList(cert.data),
    certificateAuthorities: cas === undefined ? [] : decodeCertificateAuthorities(cas.data),
    oidFilters: filters === undefined ? [] : decodeOidFilters(filters.data),
  };
}
