/**
 * Client certificates in the Node driver (RFC 9846 §4.4.2), with `tls.connect`'s options: `key`
 * and `cert` (PEM strings or Buffers; a chain in `cert`), `passphrase`; ours: `clientCertificate`
 * (a function of the server's request, possibly asynchronous) and `enablePostHandshakeAuth`
 * (§4.7.2). `pfx` is refused with a clear message: PKCS#12 is not implemented.
 */
import { isThenable, parseCertificateChain, parsePrivateKey, type CertificateRequestInfo, type ClientCertificate, type ClientConfig, type PrivateKey, type PublicKey } from '@puretls/core';
import { certificateSpki, parseSpki } from '@puretls/core/der';

/** One PEM key as `tls.connect` takes it in an array: the key and its own passphrase. */
export interface KeyInput {
  pem: string | Uint8Array;
  passphrase?: string;
}

/**
 * The client-certificate options of `connect()`.
 *
 * @example
 * const opts: ClientCertificateOptions = { key: readFileSync('client.key'), cert: readFileSync('client.pem'), passphrase };
 */
export interface ClientCertificateOptions {
  /** Node's option: our private key, PEM (PKCS#8, encrypted PKCS#8, SEC 1 or PKCS#1) or DER; one key. */
  key?: string | Uint8Array | ReadonlyArray<string | Uint8Array | KeyInput>;
  /** Node's option: our certificate chain, leaf first, PEM (several blocks) or DER; or an array of them. */
  cert?: string | Uint8Array | ReadonlyArray<string | Uint8Array>;
  /** Node's option: the passphrase of an encrypted `key`. */
  passphrase?: string;
  /** Node's option, not supported: PKCS#12 is refused (convert it to PEM, see the error). */
  pfx?: unknown;
  /**
   * Ours: choose a certificate per request (the server's schemes, CA names, OID filters), return
   * `{ chain, key }` or `{ chain, signer }` (a promise is fine: a token, a remote signer), or
   * undefined to send none. Takes precedence over `key` / `cert`.
   */
  clientCertificate?: ClientConfig['clientCertificate'];
  /**
   * Ours (OpenSSL's SSL_set_post_handshake_auth): let the server ask for our certificate after
   * the handshake (RFC 9846 §4.7.2); each request emits `'certificateRequest'`. Default false.
   */
  enablePostHandshakeAuth?: boolean;
}

function typeError(message: string, code = 'ERR_INVALID_ARG_TYPE'): TypeError {
  return Object.assign(new TypeError(message), { code });
}

const PFX_REFUSAL = 'pfx (PKCS#12) is not supported by puretls: convert it to PEM with '
  + '`openssl pkcs12 -in client.p12 -clcerts -nokeys -out client.pem` and '
  + '`openssl pkcs12 -in client.p12 -nocerts -out client.key` (the key stays encrypted), then pass cert, key and passphrase';

/** The key option's one key and its passphrase. */
function oneKey(key: NonNullable<ClientCertificateOptions['key']>, passphrase: string | undefined): { pem: string | Uint8Array; passphrase: string | undefined } {
  if (typeof key === 'string' || key instanceof Uint8Array) return { pem: key, passphrase };
  if (!Array.isArray(key) || key.length !== 1) throw typeError('key: one private key (an array of several keys is not supported)');
  const k = key[0] as string | Uint8Array | KeyInput;
  if (typeof k === 'string' || k instanceof Uint8Array) return { pem: k, passphrase };
  return { pem: k.pem, passphrase: k.passphrase ?? passphrase };
}

/** Every certificate of the cert option, in order. */
function chainOf(cert: NonNullable<ClientCertificateOptions['cert']>): Uint8Array[] {
  const parts = typeof cert === 'string' || cert instanceof Uint8Array ? [cert] : [...cert];
  return parts.flatMap((p) => parseCertificateChain(p));
}

function samePublicKey(a: PublicKey, b: PublicKey): boolean {
  if (a.kind === 'rsa' && b.kind === 'rsa') return a.n === b.n && a.e === b.e;
  if (a.kind === 'ec' && b.kind === 'ec') return a.curve === b.curve && Buffer.compare(a.point, b.point) === 0;
  if (a.kind === 'ed25519' && b.kind === 'ed25519') return Buffer.compare(a.key, b.key) === 0;
  return false;
}

/**
 * The fixed certificate of `key` + `cert`, checked as Node checks it: both or neither, and the
 * key must be the leaf's (`ERR_PURETLS_KEY_MISMATCH`, Node's "key values mismatch"). Undefined
 * when neither is given. A key that does not parse throws its `PrivateKeyError` (no key bytes in
 * its message).
 *
 * @example
 * const fixed = fixedCertificate({ key: keyPem, cert: chainPem, passphrase: 'secret' });
 */
export function fixedCertificate(opts: ClientCertificateOptions): { chain: Uint8Array[]; key: PrivateKey } | undefined {
  if (opts.pfx !== undefined && opts.pfx !== null) throw typeError(PFX_REFUSAL, 'ERR_PURETLS_PFX_UNSUPPORTED');
  const { key, cert } = opts;
  if (key === undefined && cert === undefined) return undefined;
  if (key === undefined || cert === undefined) throw typeError(`${key === undefined ? 'cert' : 'key'} given without ${key === undefined ? 'key' : 'cert'}: a client certificate needs both`);
  const chain = chainOf(cert);
  const k = oneKey(key, opts.passphrase);
  const parsed = parsePrivateKey(k.pem, k.passphrase);
  if (!samePublicKey(parsed.publicKey, parseSpki(certificateSpki(chain[0]!), { minModulusBits: 1024, maxModulusBits: 16384 }))) {
    parsed.destroy();
    throw typeError('key values mismatch: the key is not the key of the first certificate in cert', 'ERR_PURETLS_KEY_MISMATCH');
  }
  return { chain, key: parsed };
}

/** What the socket learns of the client-certificate exchanges. */
export interface ClientCertificateHooks {
  /** A post-handshake request arrived (§4.7.2): emitted as `'certificateRequest'` by the socket. */
  onPostHandshakeRequest(request: CertificateRequestInfo): void;
  /** The certificate chosen for a request (undefined: none). */
  onChosen(cert: ClientCertificate | undefined): void;
}

/**
 * The engine's `clientCertificate` and `postHandshakeAuth` for these options: the application's
 * function, else the fixed certificate, wrapped so that the socket hears of every request.
 *
 * @example
 * Object.assign(config, clientCertificateSettings(opts, fixed, hooks));
 */
export function clientCertificateSettings(opts: ClientCertificateOptions, fixed: ClientCertificate | undefined, hooks: ClientCertificateHooks): Pick<ClientConfig, 'clientCertificate' | 'postHandshakeAuth'> {
  const chooser = opts.clientCertificate ?? fixed;
  const pha = opts.enablePostHandshakeAuth === true;
  if (chooser === undefined && !pha) return {};
  const clientCertificate = (request: CertificateRequestInfo) => {
    if (request.postHandshake) hooks.onPostHandshakeRequest(request);
    const chosen = typeof chooser === 'function' ? chooser(request) : chooser;
    if (isThenable(chosen)) {
      return Promise.resolve(chosen as PromiseLike<ClientCertificate | undefined>).then((c) => { hooks.onChosen(c); return c; });
    }
    hooks.onChosen(chosen as ClientCertificate | undefined);
    return chosen;
  };
  return { clientCertificate, ...(pha ? { postHandshakeAuth: true } : {}) };
}
