/**
 * `getPeerCertificate()` in the shape Node's `tls.TLSSocket` returns, built with
 * `node:crypto`'s X509Certificate (the driver may use Node; the engine and verifier do not).
 */
import { createHash, X509Certificate } from 'node:crypto';

/** The fields of Node's `tls.PeerCertificate` that code commonly reads. */
export interface PeerCertificate {
  /** The subject's attributes by short name, e.g. `{ CN: 'example.com', O: 'Example' }` (a repeated attribute keeps its last value); `{}` if unreadable. */
  subject: Record<string, string>;
  /** The issuer's attributes by short name, as in `subject`. */
  issuer: Record<string, string>;
  /** The subjectAltName as node:crypto renders it, e.g. `'DNS:example.com, IP Address:127.0.0.1'`; undefined when absent. */
  subjectaltname: string | undefined;
  /** notBefore as text, e.g. `'Jan  1 00:00:00 2025 GMT'`; `''` if unreadable. */
  valid_from: string;
  /** notAfter as text, in the same format as `valid_from`; `''` if unreadable. */
  valid_to: string;
  /** The serial number in upper-case hex, without separators; `''` if unreadable. */
  serialNumber: string;
  /** SHA-1 of the DER, as upper-case hex pairs joined by colons (`'AB:CD:...'`). */
  fingerprint: string;
  /** SHA-256 of the DER, formatted as `fingerprint`. */
  fingerprint256: string;
  /** SHA-512 of the DER, formatted as `fingerprint`. */
  fingerprint512: string;
  /** Whether basicConstraints marks it a CA (false if absent or unreadable). */
  ca: boolean;
  /** The certificate's DER, as the server sent it (a copy). */
  raw: Buffer;
  /** The DER SubjectPublicKeyInfo; absent if node:crypto could not export the key. */
  pubkey?: Buffer;
  /** With `getPeerCertificate(true)`: the next certificate the server sent; absent on the last one (unlike Node, the top one does not point to itself). */
  issuerCertificate?: PeerCertificate;
  /** Ours: why node:crypto could not render this certificate (the fields it could not fill are empty). */
  renderError?: string;
}

function nameObject(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) out[line.slice(0, at)] = line.slice(at + 1);
  }
  return out;
}

/** Node's fingerprint format: the hash of the DER in upper-case hex pairs joined by colons. */
function fingerprint(alg: 'sha1' | 'sha256' | 'sha512', der: Uint8Array): string {
  return createHash(alg).update(der).digest('hex').toUpperCase().replace(/(..)(?!$)/g, '$1:');
}

/** What is known of any certificate's bytes, parseable or not. */
function bare(der: Uint8Array, renderError: string | undefined): PeerCertificate {
  return {
    subject: {},
    issuer: {},
    subjectaltname: undefined,
    valid_from: '',
    valid_to: '',
    serialNumber: '',
    fingerprint: fingerprint('sha1', der),
    fingerprint256: fingerprint('sha256', der),
    fingerprint512: fingerprint('sha512', der),
    ca: false,
    raw: Buffer.from(der),
    ...(renderError !== undefined ? { renderError } : {}),
  };
}

/** The value of `get`, or `fallback` (noting why) if node:crypto cannot produce it. */
function field<T>(get: () => T, fallback: T, errors: string[]): T {
  try {
    return get();
  } catch (e) {
    errors.push(e instanceof Error ? e.message : String(e));
    return fallback;
  }
}

/**
 * One certificate in Node's shape. The server's bytes may be anything the verifier let through (a
 * custom verifier, dangerouslySkipCertificateVerification, an issuer node:crypto cannot parse):
 * rendering never throws; what cannot be rendered stays empty and `renderError` says why.
 */
function one(der: Uint8Array): PeerCertificate {
  let c: X509Certificate;
  try {
    c = new X509Certificate(der);
  } catch (e) {
    return bare(der, e instanceof Error ? e.message : String(e));
  }
  const errors: string[] = [];
  const out: PeerCertificate = {
    ...bare(der, undefined),
    subject: field(() => nameObject(c.subject), {}, errors),
    issuer: field(() => nameObject(c.issuer), {}, errors),
    subjectaltname: field(() => c.subjectAltName, undefined, errors),
    valid_from: field(() => c.validFrom, '', errors),
    valid_to: field(() => c.validTo, '', errors),
    serialNumber: field(() => c.serialNumber, '', errors),
    ca: field(() => c.ca, false, errors),
  };
  const pubkey = field(() => c.publicKey.export({ type: 'spki', format: 'der' }), undefined, errors);
  if (pubkey !== undefined) out.pubkey = pubkey;
  if (errors.length > 0) out.renderError = errors.join('; ');
  return out;
}

/**
 * The server's leaf as Node describes it; with `detailed`, `issuerCertificate` links the rest of
 * the chain as sent. An empty object when there is no certificate, as Node returns.
 *
 * @example
 * peerCertificate(info.peerCertificates, false).subject.CN;
 */
export function peerCertificate(chain: readonly Uint8Array[], detailed: boolean): PeerCertificate | Record<string, never> {
  if (chain.length === 0) return {};
  const certs = (detailed ? chain : chain.slice(0, 1)).map(one);
  for (let i = 0; i + 1 < certs.length; i++) certs[i]!.issuerCertificate = certs[i + 1]!;
  return certs[0]!;
}
