/**
 * Certificate verification as a Node caller configures it: the Web PKI verifier over `ca` (or
 * `tls.rootCertificates`), Node's `checkServerIdentity` hook, and `rejectUnauthorized: false`,
 * which is honoured only together with `dangerouslyAcceptUnauthorized: true` so that no switch
 * weakening verification lacks "dangerous" in its name.
 */
import { rootCertificates } from 'node:tls';
import { CertificateError, isThenable, nobleProvider, type CertificateVerifier, type CryptoProvider, type VerifyInput } from '@puretls/core';
import { checkStaple, CrlStore, SignatureCache, TrustStore, verifyChain, X509Error, type OcspMode } from '@puretls/x509';
import { nodeCryptoProvider } from './crypto/index.js';
import { errorCode } from './errors.js';
import { peerCertificate, type PeerCertificate } from './peer_certificate.js';

/** The verification options of `connect()`: `ca`, `rejectUnauthorized`, `checkServerIdentity` are Node's; the rest are ours. */
export interface VerificationOptions {
  /** Trust anchors (PEM text or DER), replacing the default `tls.rootCertificates`. */
  ca?: string | Uint8Array | ReadonlyArray<string | Uint8Array>;
  /** Default true. `false` needs `dangerouslyAcceptUnauthorized: true` as well. */
  rejectUnauthorized?: boolean;
  /** Ours: lets `rejectUnauthorized: false` take effect: a bad chain is recorded in `authorizationError`, not refused. */
  dangerouslyAcceptUnauthorized?: boolean;
  /** Replaces the host-name check after the chain is verified, as in Node; return an Error to refuse. */
  checkServerIdentity?: (hostname: string, cert: PeerCertificate) => Error | undefined;
  /** Ours: skips verification entirely (the engine still checks CertificateVerify). */
  dangerouslySkipCertificateVerification?: boolean;
  /**
   * Ours: your own verifier instead of the Web PKI one (pinning, a private PKI, an asynchronous check):
   * it may throw a CertificateError or return a promise (any thenable, from any realm); `ca`, `checkServerIdentity`,
   * `rejectUnauthorized` and `ocsp` do not apply to it (it gets the staple as `input.ocspResponse`).
   */
  verifier?: CertificateVerifier;
  /** Ours: where verified chain signatures are remembered: default one per process; `null` checks every time. */
  signatureCache?: SignatureCache | null;
  /**
   * Ours: the crypto provider of the handshake and of the chain's signatures: `'node'` (default,
   * `nodeCryptoProvider` from `@puretls/node/crypto`, on OpenSSL), `'noble'` (the pure-JS
   * `nobleProvider`) or any `CryptoProvider`. `engine.crypto` is the same setting; give one.
   */
  crypto?: 'node' | 'noble' | CryptoProvider;
  /**
   * Ours: what to do with the OCSP response the server staples (RFC 6960; asked for with
   * `requestOCSP`, on by default): 'check-if-stapled' (default) refuses an invalid, expired or
   * revoked one and accepts none unless the leaf is must-staple (RFC 7633); 'require' refuses a
   * leaf without a valid good response; 'dangerously-ignore' checks nothing.
   */
  ocsp?: OcspMode;
  /**
   * Node's option: certificate revocation lists (PEM, or DER Buffers) to check the chain against
   * (RFC 5280 §6.3). Given, every certificate below the trust anchor must be covered by a
   * current CRL of its issuer: a listed one fails with CERT_REVOKED, an uncovered one too
   * (fail closed, `revocation-unknown`).
   */
  crl?: string | Uint8Array | ReadonlyArray<string | Uint8Array>;
}

/**
 * The provider `crypto` (or `engine.crypto`) names; the default is `nodeCryptoProvider`.
 *
 * @example
 * chosenProvider({ crypto: 'noble' }) === nobleProvider; // true
 */
export function chosenProvider(opts: Pick<VerificationOptions, 'crypto'> & { engine?: { crypto?: CryptoProvider } }): CryptoProvider {
  const choice = opts.crypto;
  if (choice !== undefined && opts.engine?.crypto !== undefined) throw new TypeError('give the crypto provider in one option: crypto or engine.crypto, not both');
  if (choice === undefined) return opts.engine?.crypto ?? nodeCryptoProvider;
  if (choice === 'node') return nodeCryptoProvider;
  if (choice === 'noble') return nobleProvider;
  if (typeof choice !== 'object' || choice === null || typeof (choice as Partial<CryptoProvider>).verify !== 'function') {
    throw new TypeError(`crypto: 'node', 'noble' or a CryptoProvider, not ${JSON.stringify(choice)}`);
  }
  return choice;
}

let defaultRoots: TrustStore | undefined;
/** One per process: entries are facts about bytes, valid whatever the trust store (see SignatureCache). */
const processSignatureCache = new SignatureCache();

/** `tls.rootCertificates` as a TrustStore, built once, parsed lazily. @example new WebPkiVerifier({ roots: nodeRootStore() }); */
export function nodeRootStore(): TrustStore {
  defaultRoots ??= TrustStore.fromPem(rootCertificates.join('\n'));
  return defaultRoots;
}

/** Node's `crl` option as a CrlStore: PEM text (X509 CRL blocks) or DER, or a list of them. */
function crlStoreOf(crl: NonNullable<VerificationOptions['crl']>): CrlStore {
  const list = typeof crl === 'string' || crl instanceof Uint8Array ? [crl] : crl;
  const store = new CrlStore();
  for (const item of list) {
    const text = typeof item === 'string' ? item : Buffer.from(item.buffer, item.byteOffset, item.length).toString('latin1');
    const blocks = [...text.matchAll(/-----BEGIN X509 CRL-----([\s\S]*?)-----END X509 CRL-----/g)];
    if (blocks.length === 0 && typeof item === 'string') throw new TypeError('crl: PEM text with -----BEGIN X509 CRL----- blocks, or DER Buffers');
    if (blocks.length === 0) store.add(item as Uint8Array);
    for (const b of blocks) store.add(new Uint8Array(Buffer.from(b[1]!.replace(/\s+/g, ''), 'base64')));
  }
  return store;
}

function storeFrom(ca: NonNullable<VerificationOptions['ca']>): TrustStore {
  const list = typeof ca === 'string' || ca instanceof Uint8Array ? [ca] : ca;
  const pems: string[] = [];
  const ders: Uint8Array[] = [];
  for (const item of list) {
    const text = typeof item === 'string' ? item : new TextDecoder().decode(item);
    if (text.includes('-----BEGIN CERTIFICATE-----')) pems.push(text);
    else if (typeof item !== 'string') ders.push(item);
    else throw new TypeError('ca: a string must hold PEM certificates');
  }
  const store = TrustStore.fromPem(...pems);
  for (const der of ders) store.add(der);
  if (store.size === 0) throw new TypeError('ca: no certificate found');
  return store;
}

/** Trust stores built from `ca` values given before: many connections pass the same `ca`. */
const storeCache = new Map<string, TrustStore>();
/** Distinct `ca` values remembered; beyond that the oldest is forgotten (a bound, not a tuning knob). */
const STORE_CACHE_SIZE = 16;

/**
 * The TrustStore for `ca`, parsed once per distinct PEM text: parsing it again for each of a
 * thousand concurrent connections costs ~0.3 ms each, all before any I/O. DER values (bytes may be
 * mutated by the caller) are parsed every time.
 */
function cachedStore(ca: NonNullable<VerificationOptions['ca']>): TrustStore {
  const list = typeof ca === 'string' || ca instanceof Uint8Array ? [ca] : ca;
  if (!list.every((x) => typeof x === 'string')) return storeFrom(ca);
  const key = (list as readonly string[]).join('\n');
  let store = storeCache.get(key);
  if (store === undefined) {
    store = storeFrom(ca);
    if (storeCache.size >= STORE_CACHE_SIZE) storeCache.delete(storeCache.keys().next().value!);
    storeCache.set(key, store);
  }
  return store;
}

/** What verification concluded, for `authorized` / `authorizationError`. */
export interface VerificationOutcome {
  /** True once the chain (and name) verified, or a custom verifier accepted it; false before, on failure, and with verification skipped. */
  authorized: boolean;
  /** A Node-style code for why verification failed (e.g. `'CERT_HAS_EXPIRED'`, else `'CERT_REJECTED'`); undefined if it did not fail. */
  authorizationError: string | undefined;
  /** The error verification failed with (an X509Error or CertificateError, usually); undefined if it did not fail. */
  error: Error | undefined;
}

/**
 * Builds the engine's verifier from Node-style options; `outcome` is filled in when it runs.
 *
 * @example
 * const { verifier, outcome } = nodeVerifier({ ca: pem }, 'example.com');
 */
export function nodeVerifier(opts: VerificationOptions & { engine?: { crypto?: CryptoProvider } }, servername: string): { verifier: CertificateVerifier | undefined; outcome: VerificationOutcome } {
  const outcome: VerificationOutcome = { authorized: false, authorizationError: undefined, error: undefined };
  if (opts.rejectUnauthorized === false && opts.dangerouslyAcceptUnauthorized !== true) {
    throw new TypeError('rejectUnauthorized: false weakens certificate verification; puretls needs dangerouslyAcceptUnauthorized: true alongside it');
  }
  if (opts.dangerouslySkipCertificateVerification === true) return { verifier: undefined, outcome };
  if (opts.verifier !== undefined) {
    const custom = opts.verifier;
    const passed = () => { outcome.authorized = true; };
    return {
      verifier: {
        verifyServerCertificate: (input) => {
          const r: unknown = custom.verifyServerCertificate(input);
          // Asynchronous exactly when it is a thenable, whatever realm made it: a promise from
          // vm.runInNewContext or a hand-made { then } is no `instanceof Promise` here. Adopting it
          // into this realm's Promise lets the engine see (and await) its rejection.
          return isThenable(r) ? Promise.resolve(r).then(passed) : passed();
        },
      },
      outcome,
    };
  }
  const provider = chosenProvider(opts);
  const roots = opts.ca === undefined ? nodeRootStore() : cachedStore(opts.ca);
  const reject = opts.rejectUnauthorized !== false;
  const crls = opts.crl === undefined ? undefined : crlStoreOf(opts.crl);
  const signatureCache = opts.signatureCache === null ? undefined : (opts.signatureCache ?? processSignatureCache);
  const verifier: CertificateVerifier = {
    verifyServerCertificate(input: VerifyInput): void {
      try {
        const [leaf, ...rest] = input.chain;
        if (leaf === undefined) throw new X509Error('bad-encoding', 'empty certificate chain');
        const custom = opts.checkServerIdentity;
        // The name as the engine parsed it once (A-label or canonical IP text), the same one it sent as SNI.
        const name = input.serverName ?? servername;
        const path = verifyChain(leaf, { roots, intermediates: rest, now: input.now, serverName: custom === undefined ? name : undefined, signatureCache, provider, ...(crls !== undefined ? { crls } : {}) });
        // A resumed session's chain: nothing stapled, nothing to require (the full handshake was checked).
        if (input.resumed !== true) checkStaple(path, input.ocspResponse, input.now, { mode: opts.ocsp ?? 'check-if-stapled', unknown: 'refuse', provider, policy: {} });
        if (custom !== undefined) {
          // The name verified: the server name, or with ECH rejected the config's public name (RFC 9849 §6.1.7).
          const err = custom(name, peerCertificate(input.chain, false) as PeerCertificate);
          if (err !== undefined) throw new CertificateError('name-mismatch', 'bad_certificate', `checkServerIdentity: ${err.message}`, leaf);
        }
        outcome.authorized = true;
      } catch (e) {
        outcome.error = e instanceof Error ? e : new Error(String(e));
        outcome.authorizationError = errorCode(e) ?? 'CERT_REJECTED';
        if (reject) throw e;
      }
    },
  };
  return { verifier, outcome };
}
