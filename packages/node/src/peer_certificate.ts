/**
 * `getPeerCertificate()` in the shape Node's `tls.TLSSocket` returns, built with
 * `node:crypto`'s X509Certificate (the driver may use Node; the engine and verifier do not).
 */
import { X509Certificate } from 'node:crypto';

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
}

function nameObject(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) out[line.slice(0, at)] = line.slice(at + 1);
  }
  return out;
}

function one(der: Uint8Array): PeerCertificate {
  const c = new X509Certificate(der);
  return {
    subject: nameObject(c.subject),
    issuer: nameObject(c.issuer),
    subjectaltname: c.subjectAltName,
    valid_from: c.validFrom,
    valid_to: c.validTo,
    serialNumber: c.serialNumber,
    fingerprint: c.fingerprint,
    fingerprint256: c.fingerprint256,
    fingerprint512: c.fingerprint512,
    ca: c.ca,
    raw: Buffer.from(der),
    pubkey: c.publicKey.export({ type: 'spki', format: 'der' }),
  };
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
