/**
 * CRLs the application supplies, parsed once and indexed by issuer name, so a verification looks
 * up a certificate's issuer and its serial instead of parsing or scanning lists.
 */
import { X509Error } from '../errors.js';
import { X509Limits } from '../limits.js';
import { parseCrl, type ParsedCrl } from './parse_crl.js';

function pemCrls(pem: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const m of pem.matchAll(/-----BEGIN X509 CRL-----([\s\S]*?)-----END X509 CRL-----/g)) {
    const b64 = m[1]!.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) throw new X509Error('bad-encoding', 'PEM X509 CRL block is not valid base64');
    out.push(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
  }
  return out;
}

/**
 * A set of CRLs (RFC 5280 §5). Every CRL is parsed when added: a malformed one is refused with an
 * X509Error('bad-encoding'); one the profile does not let us use (see ParsedCrl.problem) is kept,
 * so a verification can say why it did not count.
 *
 * @example
 * const crls = CrlStore.fromPem(readFileSync('ca.crl.pem', 'utf8'));
 * new WebPkiVerifier({ roots, crls });
 */
export class CrlStore {
  private readonly byIssuer = new Map<string, ParsedCrl[]>();
  private count = 0;

  /** A store of the given DER CRLs. @example CrlStore.fromDer([crlDer]) */
  static fromDer(ders: readonly Uint8Array[]): CrlStore {
    const store = new CrlStore();
    for (const der of ders) store.add(der);
    return store;
  }

  /** A store of every `-----BEGIN X509 CRL-----` block in the text. @example CrlStore.fromPem(pem) */
  static fromPem(pem: string): CrlStore {
    return CrlStore.fromDer(pemCrls(pem));
  }

  /**
   * Parses and adds one DER CRL (a copy of it: later changes to `der` change nothing here).
   *
   * @example
   * store.add(crlDer);
   */
  add(der: Uint8Array): ParsedCrl {
    if (this.count >= X509Limits.maxCrls) throw new X509Error('too-much-work', `more than ${X509Limits.maxCrls} CRLs in one store`);
    const crl = parseCrl(der.slice());
    const list = this.byIssuer.get(crl.issuerKey) ?? [];
    list.push(crl);
    this.byIssuer.set(crl.issuerKey, list);
    this.count++;
    return crl;
  }

  /**
   * The CRLs whose issuer name is `issuerKey` (a ParsedCertificate's `issuerKey`).
   *
   * @example
   * store.forIssuer(leaf.issuerKey).length;
   */
  forIssuer(issuerKey: string): readonly ParsedCrl[] {
    return this.byIssuer.get(issuerKey) ?? [];
  }

  /** How many CRLs the store holds. @example CrlStore.fromDer([a, b]).size // 2 */
  get size(): number {
    return this.count;
  }
}

/**
 * A CrlStore for what the options hold: the store itself, or one made of the DER CRLs.
 *
 * @example
 * const store = toCrlStore(opts.crls);
 */
export function toCrlStore(crls: CrlStore | readonly Uint8Array[]): CrlStore {
  return crls instanceof CrlStore ? crls : CrlStore.fromDer(crls);
}
