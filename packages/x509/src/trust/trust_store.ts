/**
 * Trust anchors, indexed by subject and key identifier. Certificates are kept as DER and parsed
 * only when a path reaches them, so a store of the ~150 Mozilla roots costs little until used.
 */
import { toHex } from '@puretls/core';
import { X509Error } from '../errors.js';
import { OID, parseCertificate, type ParsedCertificate } from '../parse/certificate.js';
import { children, derOid, DerReader, expectTag, MalformedError, nameKey, normaliseName } from '../parse/der.js';
import { InvalidMessageError } from '@puretls/core';

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

/**
 * The subject (normalised-name key) and subjectKeyIdentifier (hex, if present) of a certificate,
 * read with a light walk of the DER instead of a full parse.
 */
function indexKeysOf(der: Uint8Array): { subject: string; keyId: string | undefined } {
  const cert = new DerReader(new DerReader(der).read(0x30).value);
  const tbs = new DerReader(cert.read(0x30).value);
  if (tbs.peekTag() === 0xa0) tbs.read();
  tbs.read(0x02);
  tbs.read(0x30);
  tbs.read(0x30);
  tbs.read(0x30);
  const subject = nameKey(normaliseName(tbs.read(0x30).raw));
  tbs.read(0x30);
  let keyId: string | undefined;
  while (!tbs.done) {
    const field = tbs.read();
    if (field.tag !== 0xa3) continue;
    for (const ext of children(new DerReader(field.value).read(0x30))) {
      const parts = children(expectTag(ext, 0x30, 'Extension'));
      if (derOid(expectTag(parts[0], 0x06, 'extnID')) !== OID.subjectKeyId) continue;
      const octets = expectTag(parts[parts.length - 1], 0x04, 'extnValue');
      keyId = toHex(new DerReader(octets.value).read(0x04).value);
    }
  }
  return { subject, keyId };
}

/** Options of a {@link TrustStore}. */
export interface TrustStoreOptions {
  /**
   * Also hold each anchor's certificate to the CA/Browser Forum profile of CA certificates
   * (critical basicConstraints, a subjectKeyIdentifier, an AKI of only a keyIdentifier), as
   * x509-limbo expects. Off by default: an anchor is its name, key and constraints (RFC 5280
   * §6.1.1 (d)), and roots in use (QuoVadis Root CA 2 and 3, Certigna, Chunghwa ePKI, TWCA
   * Global Root CA) break those rules.
   */
  readonly strictAnchors?: boolean;
}

/**
 * A set of trust anchors.
 *
 * @example
 * const roots = TrustStore.fromPem(tls.rootCertificates.join('\n'));
 * roots.add(extraRootDer);
 */
export class TrustStore {
  /** Whether anchors are held to the CA certificate profile too (see TrustStoreOptions). */
  readonly strictAnchors: boolean;

  constructor(options: TrustStoreOptions = {}) {
    this.strictAnchors = options.strictAnchors === true;
  }

  /** Anchors by subject, each with its key identifier (when it has one). */
  private readonly bySubject = new Map<string, { der: Uint8Array; keyId: string | undefined }[]>();
  private readonly parsed = new Map<Uint8Array, ParsedCertificate>();
  private count = 0;

  /** A store from PEM text (any number of CERTIFICATE blocks). */
  static fromPem(...pems: string[]): TrustStore {
    const s = new TrustStore();
    for (const pem of pems) for (const der of pemBlocks(pem)) s.add(der);
    return s;
  }

  /** A store from DER certificates. */
  static fromDer(ders: readonly Uint8Array[], options: TrustStoreOptions = {}): TrustStore {
    const s = new TrustStore(options);
    for (const der of ders) s.add(der);
    return s;
  }

  /** Adds one anchor (DER). Malformed input is refused at once. */
  add(der: Uint8Array): void {
    let keys: { subject: string; keyId: string | undefined };
    try {
      keys = indexKeysOf(der);
    } catch (e) {
      const explicit = e instanceof MalformedError || e instanceof InvalidMessageError;
      throw new X509Error('bad-encoding', `trust anchor is not a certificate: ${explicit ? '' : 'unchecked '}${e instanceof Error ? e.message : String(e)}`, der, { cause: e });
    }
    const list = this.bySubject.get(keys.subject) ?? [];
    list.push({ der, keyId: keys.keyId });
    this.bySubject.set(keys.subject, list);
    this.count++;
  }

  /** Number of anchors. */
  get size(): number {
    return this.count;
  }

  /**
   * Anchors whose subject matches `issuerKey` (a normalised-name key) and, when the child names
   * its issuer's key (`authorityKeyId`), whose key identifier does not differ; parsed on first use,
   * so anchors that cannot be the issuer are never parsed.
   */
  candidates(issuerKey: string, authorityKeyId?: Uint8Array): ParsedCertificate[] {
    const out: ParsedCertificate[] = [];
    const wanted = authorityKeyId === undefined ? undefined : toHex(authorityKeyId);
    for (const { der, keyId } of this.bySubject.get(issuerKey) ?? []) {
      if (wanted !== undefined && keyId !== undefined && keyId !== wanted) continue;
      let p = this.parsed.get(der);
      if (p === undefined) {
        try {
          p = parseCertificate(der, { anchor: true });
        } catch (e) {
          if (!(e instanceof X509Error)) throw e;
          continue; // an unparseable anchor anchors nothing
        }
        this.parsed.set(der, p);
      }
      out.push(p);
    }
    return out;
  }
}
