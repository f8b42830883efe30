/**
 * Trust anchors, indexed by subject and key identifier. Certificates are kept as DER and parsed
 * only when a path reaches them, so a store of the ~150 Mozilla roots costs little until used.
 */
import { X509Error } from '../errors.js';
import { parseCertificate, type ParsedCertificate } from '../parse/certificate.js';
import { DerReader, nameKey, normaliseName } from '../parse/der.js';

function pemBlocks(pem: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const m of pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)) {
    const b64 = m[1]!.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) throw new X509Error('bad-encoding', 'PEM CERTIFICATE block is not valid base64');
    const bin = atob(b64);
    out.push(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  }
  return out;
}

/** The subject Name DER of a certificate, read without a full parse. */
function subjectOf(der: Uint8Array): string {
  const cert = new DerReader(new DerReader(der).read(0x30).value);
  const tbs = new DerReader(cert.read(0x30).value);
  if (tbs.peekTag() === 0xa0) tbs.read();
  tbs.read(0x02);
  tbs.read(0x30);
  tbs.read(0x30);
  tbs.read(0x30);
  return nameKey(normaliseName(tbs.read(0x30).raw));
}

/**
 * A set of trust anchors.
 *
 * @example
 * const roots = TrustStore.fromPem(tls.rootCertificates.join('\n'));
 * roots.add(extraRootDer);
 */
export class TrustStore {
  private readonly bySubject = new Map<string, Uint8Array[]>();
  private readonly parsed = new Map<Uint8Array, ParsedCertificate>();
  private count = 0;

  /** A store from PEM text (any number of CERTIFICATE blocks). */
  static fromPem(...pems: string[]): TrustStore {
    const s = new TrustStore();
    for (const pem of pems) for (const der of pemBlocks(pem)) s.add(der);
    return s;
  }

  /** A store from DER certificates. */
  static fromDer(ders: readonly Uint8Array[]): TrustStore {
    const s = new TrustStore();
    for (const der of ders) s.add(der);
    return s;
  }

  /** Adds one anchor (DER). Malformed input is refused at once. */
  add(der: Uint8Array): void {
    let key: string;
    try {
      key = subjectOf(der);
    } catch (e) {
      throw new X509Error('bad-encoding', `trust anchor is not a certificate: ${e instanceof Error ? e.message : String(e)}`, der);
    }
    const list = this.bySubject.get(key) ?? [];
    list.push(der);
    this.bySubject.set(key, list);
    this.count++;
  }

  /** Number of anchors. */
  get size(): number {
    return this.count;
  }

  /** Anchors whose subject matches `issuerKey` (a normalised-name key), parsed on first use. */
  candidates(issuerKey: string): ParsedCertificate[] {
    const out: ParsedCertificate[] = [];
    for (const der of this.bySubject.get(issuerKey) ?? []) {
      let p = this.parsed.get(der);
      if (p === undefined) {
        try {
          p = parseCertificate(der, { anchor: true });
        } catch {
          continue; // an unparseable anchor anchors nothing
        }
        this.parsed.set(der, p);
      }
      out.push(p);
    }
    return out;
  }
}
