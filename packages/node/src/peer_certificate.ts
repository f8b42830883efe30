/**
 * `getPeerCertificate()` in the shape Node's `tls.TLSSocket` returns, built with
 * `node:crypto`'s X509Certificate (the driver may use Node; the engine and verifier do not).
 */
import { createHash, X509Certificate } from 'node:crypto';

/** The fields of Node's `tls.PeerCertificate` that code commonly reads. */
export interface PeerCertificate {
  subject: Record<string, string>;
  issuer: Record<string, string>;
  subjectaltname: string | undefined;
  valid_from: string;
  valid_to: string;
  serialNumber: string;
  fingerprint: string;
  fingerprint256: string;
  fingerprint512: string;
  ca: boolean;
  raw: Buffer;
  pubkey?: Buffer;
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
