/**
 * The decoded summary of a handshake message for the `trace` option (`TraceEvent.fields`):
 * codepoint names, counts and sizes, never a random value, a key share, a ticket or a signature.
 * It decodes leniently and never throws: what the engine refuses it refuses itself, with its alert.
 */
import { Reader } from '../codec/reader.js';
import { isGrease } from './grease.js';
import { decodeCertificate } from '../msgs/certificate.js';
import { decodeCertificateAuthorities } from '../msgs/cert_request_bodies.js';
import { decodeCertificateRequest } from '../msgs/certificate_request.js';
import { decodeCertificateVerify } from '../msgs/certificate_verify.js';
import { decodeCompressCertificate, decodeCompressedCertificate } from '../msgs/compressed_certificate.js';
import { decodeEncryptedExtensions } from '../msgs/encrypted_extensions.js';
import { CertificateCompressionAlgorithm, CipherSuite, ExtensionType, HandshakeType, KeyUpdateRequest, NamedGroup, ProtocolVersion, SignatureScheme, codepointName } from '../msgs/enums.js';
import { decodeExtensions, findExtension, type Extension } from '../msgs/extension.js';
import { decodeAlpn, decodeKeyShareHrr, decodeKeyShareServer, decodeNamedGroupList, decodeRecordSizeLimit, decodeSignatureSchemeList, decodeSupportedVersionsServer } from '../msgs/ext_bodies.js';
import { decodeKeyUpdate } from '../msgs/key_update.js';
import { decodeNewSessionTicket } from '../msgs/new_session_ticket.js';
import { decodeServerHello, isHelloRetryRequest } from '../msgs/server_hello.js';

type Fields = Record<string, string>;

const td = new TextDecoder('utf-8', { fatal: false });
// RFC 8701 values print as GREASE, whatever the table.
const names = (table: Record<string, number>, values: readonly number[]): string => values.map((v) => (isGrease(v) ? 'GREASE' : codepointName(table, v))).join(',');
const version = (v: number): string => (isGrease(v) ? 'GREASE' : codepointName(ProtocolVersion, v));

/**
 * The summary of one handshake message body (type from RFC 9846 §4), `{ malformed: why }` if it
 * does not decode.
 *
 * @example
 * handshakeFields(HandshakeType.certificate_verify, body); // { scheme: 'ecdsa_secp256r1_sha256' }
 */
export function handshakeFields(type: number, body: Uint8Array): Readonly<Fields> {
  try {
    return summarize(type, body);
  } catch (e) {
    return { malformed: e instanceof Error ? e.message : 'undecodable' };
  }
}

function summarize(type: number, body: Uint8Array): Fields {
  switch (type) {
    case HandshakeType.client_hello:
      return clientHello(body);
    case HandshakeType.server_hello:
      return serverHello(body);
    case HandshakeType.encrypted_extensions:
      return extensionFields(decodeEncryptedExtensions(body).extensions);
    case HandshakeType.certificate: {
      const entries = decodeCertificate(body).entries;
      // The leaf's stapled extensions (OCSP response, SCTs, RFC 9846 §4.5.1.1), by name, when it has any.
      const stapled = entries[0]?.extensions.map((e) => codepointName(ExtensionType, e.type)) ?? [];
      return { certificates: String(entries.length), sizes: entries.map((e) => e.data.length).join(','), ...(stapled.length > 0 ? { leaf_extensions: stapled.join(',') } : {}) };
    }
    case HandshakeType.compressed_certificate: {
      // RFC 8879 §4: what it claims; the certificates inside are the engine's to inflate, not the trace's.
      const cc = decodeCompressedCertificate(body);
      return { algorithm: codepointName(CertificateCompressionAlgorithm, cc.algorithm), uncompressed_length: String(cc.uncompressedLength), compressed_length: String(cc.compressed.length) };
    }
    case HandshakeType.certificate_verify:
      return { scheme: codepointName(SignatureScheme, decodeCertificateVerify(body).scheme) };
    case HandshakeType.new_session_ticket:
      return { lifetime: String(decodeNewSessionTicket(body).lifetime) };
    case HandshakeType.key_update:
      return { request: codepointName(KeyUpdateRequest, decodeKeyUpdate(body)) };
    case HandshakeType.certificate_request:
      return certificateRequest(body);
    default:
      return {}; // Finished (its verify_data is a MAC: not traced), others
  }
}

/** The ClientHello we send (§4.1.2): offers, never the random, session id or key shares' bytes. */
function clientHello(body: Uint8Array): Fields {
  const r = new Reader(body, 'ClientHello');
  r.u16('legacy_version');
  r.bytes(32, 'random');
  r.vec8(0, 32, 'legacy_session_id');
  const suites = r.u16List(2, 0xfffe, 'cipher_suites');
  r.vec8(1, 255, 'legacy_compression_methods');
  const exts = decodeExtensions(r, 'ClientHello');
  const f: Fields = { cipher_suites: names(CipherSuite, suites) };
  const sv = findExtension(exts, ExtensionType.supported_versions);
  if (sv !== undefined) {
    const v = new Reader(sv.data, 'supported_versions').sub8(2, 254, 'versions');
    const list: number[] = [];
    while (!v.done) list.push(v.u16('version'));
    f.versions = list.map(version).join(',');
  }
  const groups = findExtension(exts, ExtensionType.supported_groups);
  if (groups !== undefined) f.groups = names(NamedGroup, decodeNamedGroupList(groups.data));
  const ks = findExtension(exts, ExtensionType.key_share);
  if (ks !== undefined) {
    const l = new Reader(ks.data, 'key_share').sub16(0, 0xffff, 'client_shares');
    const shares: number[] = [];
    while (!l.done) {
      shares.push(l.u16('group'));
      l.vec16(1, 0xffff, 'key_exchange');
    }
    f.key_share = names(NamedGroup, shares);
  }
  const sni = findExtension(exts, ExtensionType.server_name);
  if (sni !== undefined) {
    const l = new Reader(sni.data, 'server_name').sub16(1, 0xffff, 'server_name_list');
    l.u8('name_type');
    f.sni = td.decode(l.vec16(1, 0xffff, 'host_name'));
  }
  Object.assign(f, alpnField(exts));
  const cc = findExtension(exts, ExtensionType.compress_certificate);
  if (cc !== undefined) f.compress_certificate = names(CertificateCompressionAlgorithm, decodeCompressCertificate(cc.data));
  if (findExtension(exts, ExtensionType.cookie) !== undefined) f.cookie = 'yes';
  return f;
}

/** CertificateRequest (§4.4.2): what the server accepts; the CA names are counted, not printed. */
function certificateRequest(body: Uint8Array): Fields {
  const cr = decodeCertificateRequest(body);
  const f: Fields = { context_length: String(cr.context.length) };
  const sa = findExtension(cr.extensions, ExtensionType.signature_algorithms);
  if (sa !== undefined) f.signature_algorithms = names(SignatureScheme, decodeSignatureSchemeList(sa.data));
  const cas = findExtension(cr.extensions, ExtensionType.certificate_authorities);
  if (cas !== undefined) f.certificate_authorities = String(decodeCertificateAuthorities(cas.data).length);
  return f;
}

/** ServerHello or HelloRetryRequest (§4.1.3, §4.1.4): the server's choices. */
function serverHello(body: Uint8Array): Fields {
  const sh = decodeServerHello(body);
  const hrr = isHelloRetryRequest(sh);
  const f: Fields = { cipher_suite: codepointName(CipherSuite, sh.cipherSuite) };
  const sv = findExtension(sh.extensions, ExtensionType.supported_versions);
  f.version = version(sv === undefined ? sh.legacyVersion : decodeSupportedVersionsServer(sv.data));
  const ks = findExtension(sh.extensions, ExtensionType.key_share);
  if (ks !== undefined) f.group = codepointName(NamedGroup, hrr ? decodeKeyShareHrr(ks.data) : decodeKeyShareServer(ks.data).group);
  if (hrr) {
    f.hrr = 'yes';
    if (findExtension(sh.extensions, ExtensionType.cookie) !== undefined) f.cookie = 'yes';
  }
  return f;
}

/** EncryptedExtensions (§4.4.1): what the server answered. */
function extensionFields(exts: readonly Extension[]): Fields {
  const f: Fields = { extensions: exts.map((e) => codepointName(ExtensionType, e.type)).join(',') };
  Object.assign(f, alpnField(exts));
  const rsl = findExtension(exts, ExtensionType.record_size_limit);
  if (rsl !== undefined) f.record_size_limit = String(decodeRecordSizeLimit(rsl.data));
  return f;
}

function alpnField(exts: readonly Extension[]): Fields {
  const alpn = findExtension(exts, ExtensionType.application_layer_protocol_negotiation);
  const name = (p: Uint8Array) => (p.length === 2 && isGrease((p[0]! << 8) | p[1]!) ? 'GREASE' : td.decode(p));
  return alpn === undefined ? {} : { alpn: decodeAlpn(alpn.data).map(name).join(',') };
}
