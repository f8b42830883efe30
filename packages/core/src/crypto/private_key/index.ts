/**
 * Loading our own private key (a client certificate's, RFC 9846 §4.4.2): PEM or DER, in PKCS#8
 * (RFC 5208 / RFC 5958), SEC 1 (RFC 5915) or PKCS#1 (RFC 8017 §A.1.2) form, or encrypted PKCS#8
 * under PBES2 (RFC 8018 §6.2). Keys are checked against their public halves here, once, so a
 * wrong or corrupt key fails at load time with a PrivateKeyError rather than as a bad signature.
 */
import { Limits } from '../../limits.js';
import { DerReader, DerTag } from '../der.js';
import type { PrivateKey } from '../provider.js';
import { malformed, withDer } from './asn1.js';
import { PrivateKeyError } from './errors.js';
import { LoadedPrivateKey } from './key.js';
import { decryptPkcs8, wrongPassphrase } from './pbes2.js';
import { pemBlockBytes, pemBlocks, pemText, type PemBlock } from './pem.js';
import { parseRsaPrivateKey } from './pkcs1.js';
import { parsePkcs8, type Pkcs8Key } from './pkcs8.js';
import { parseEcPrivateKey } from './sec1.js';

export { PrivateKeyError, type PrivateKeyErrorReason } from './errors.js';
export { parseCertificateChain } from './pem.js';

type Form = 'pkcs8' | 'sec1' | 'pkcs1' | 'encrypted';

const LABELS: Readonly<Record<string, Form>> = {
  'PRIVATE KEY': 'pkcs8',
  'EC PRIVATE KEY': 'sec1',
  'RSA PRIVATE KEY': 'pkcs1',
  'ENCRYPTED PRIVATE KEY': 'encrypted',
};

const CONTEXT: Readonly<Record<Form, string>> = { pkcs8: 'PKCS#8', sec1: 'SEC 1 ECPrivateKey', pkcs1: 'PKCS#1 RSAPrivateKey', encrypted: 'EncryptedPrivateKeyInfo' };

/**
 * Which of the four forms a DER key is, from its first fields: EncryptedPrivateKeyInfo starts with
 * a SEQUENCE; the others with a version INTEGER followed by a SEQUENCE (PKCS#8), an OCTET STRING
 * (SEC 1) or an INTEGER (PKCS#1).
 */
function derForm(der: Uint8Array): Form {
  return withDer('DER private key', () => {
    const outer = new DerReader(der);
    if (outer.peekTag() !== DerTag.SEQUENCE) throw malformed('DER private key: not a SEQUENCE');
    const r = new DerReader(outer.read().value);
    if (r.peekTag() === DerTag.SEQUENCE) return 'encrypted';
    if (r.peekTag() === DerTag.INTEGER) {
      r.read();
      const next = r.peekTag();
      if (next === DerTag.SEQUENCE) return 'pkcs8';
      if (next === DerTag.OCTET_STRING) return 'sec1';
      if (next === DerTag.INTEGER) return 'pkcs1';
    }
    throw malformed('DER private key: neither PKCS#8, SEC 1 nor PKCS#1');
  });
}

function passphraseBytes(passphrase: string | Uint8Array | undefined): Uint8Array | undefined {
  return typeof passphrase === 'string' ? new TextEncoder().encode(passphrase) : passphrase;
}

/** Parses DER of a known form; decrypted bytes are wiped, and their parse failures are 'passphrase'. */
function parseForm(form: Form, der: Uint8Array, passphrase: string | Uint8Array | undefined): Pkcs8Key {
  switch (form) {
    case 'pkcs8':
      return withDer(CONTEXT.pkcs8, () => parsePkcs8(der));
    case 'sec1':
      return withDer(CONTEXT.sec1, () => parseEcPrivateKey(der));
    case 'pkcs1':
      return withDer(CONTEXT.pkcs1, () => parseRsaPrivateKey(der, false));
    case 'encrypted': {
      const pass = passphraseBytes(passphrase);
      let plain: Uint8Array;
      try {
        plain = withDer(CONTEXT.encrypted, () => decryptPkcs8(der, pass));
      } finally {
        if (typeof passphrase === 'string') pass?.fill(0); // our UTF-8 copy, not the caller's bytes
      }
      try {
        return withDer(CONTEXT.pkcs8, () => parsePkcs8(plain));
      } catch (e) {
        if (e instanceof PrivateKeyError && e.reason === 'malformed') throw wrongPassphrase();
        throw e;
      } finally {
        plain.fill(0);
      }
    }
  }
}

/** A legacy OpenSSL-encrypted block (RFC 1421 §4.6.1.1 Proc-Type, DEK-Info) gets advice. */
function checkHeaders(block: PemBlock): void {
  if (block.headers.length === 0) return;
  if (block.headers.some((h) => /^(Proc-Type:.*ENCRYPTED|DEK-Info:)/i.test(h))) {
    throw new PrivateKeyError('unsupported', `PEM: legacy OpenSSL encryption (Proc-Type / DEK-Info) of ${block.label} is not supported; convert the key with \`openssl pkcs8 -topk8 -v2 aes-256-cbc\``);
  }
  throw malformed(`PEM: unexpected headers in ${block.label}`);
}

function parsePem(text: string, passphrase: string | Uint8Array | undefined): Pkcs8Key {
  const blocks = pemBlocks(text);
  const block = blocks.find((b) => b.label.endsWith('PRIVATE KEY'));
  if (block === undefined) {
    const found = blocks.length === 0 ? 'no PEM block' : `only ${[...new Set(blocks.map((b) => b.label))].join(', ')}`;
    throw malformed(`no private key in the PEM input (${found})`);
  }
  const form = LABELS[block.label];
  if (form === undefined) throw new PrivateKeyError('unsupported', `PEM: ${block.label} is not supported (PRIVATE KEY, EC PRIVATE KEY, RSA PRIVATE KEY, ENCRYPTED PRIVATE KEY are)`);
  checkHeaders(block);
  const der = pemBlockBytes(block, Limits.maxPrivateKeyDer);
  try {
    return parseForm(form, der, passphrase);
  } finally {
    der.fill(0);
  }
}

function parse(input: string | Uint8Array, passphrase: string | Uint8Array | undefined): PrivateKey {
  let key: Pkcs8Key;
  if (typeof input !== 'string' && input[0] === DerTag.SEQUENCE) {
    if (input.length > Limits.maxPrivateKeyDer) throw new PrivateKeyError('unsupported', `DER private key of ${input.length} bytes exceeds the limit of ${Limits.maxPrivateKeyDer} (Limits.maxPrivateKeyDer)`);
    key = parseForm(derForm(input), input, passphrase);
  } else {
    key = parsePem(pemText(input), passphrase);
  }
  return new LoadedPrivateKey(key.publicKey, key.material, key.pssHash);
}

/**
 * Parses and checks one of our private keys. A string is PEM; bytes are DER, or PEM text when
 * they do not start with a DER SEQUENCE (e.g. "-----BEGIN"). In a PEM with several blocks the
 * first `... PRIVATE KEY` block is used (`EC PARAMETERS`, certificates are skipped). Keys:
 * RSA (rsaEncryption, id-RSASSA-PSS; 2048 to 8192 bits, two primes), EC P-256 / P-384, Ed25519.
 * `passphrase` (a string is UTF-8) decrypts an `ENCRYPTED PRIVATE KEY`; it is ignored otherwise.
 *
 * Every failure is a {@link PrivateKeyError} whose message holds neither key bytes nor the
 * passphrase; bad or unsupported input never throws anything else.
 *
 * @example
 * const key = parsePrivateKey(readFileSync('client.key', 'utf8'));
 * const encrypted = parsePrivateKey(pem, 'correct horse battery staple');
 * key.publicKey.kind; // 'ec' | 'ed25519' | 'rsa'
 */
export function parsePrivateKey(input: string | Uint8Array, passphrase?: string | Uint8Array): PrivateKey {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) throw new PrivateKeyError('malformed', 'parsePrivateKey: the key must be a string (PEM) or a Uint8Array (DER or PEM)');
  try {
    return parse(input, passphrase);
  } catch (e) {
    if (e instanceof PrivateKeyError) throw e;
    // A library error's message may quote its input: never pass it on.
    throw new PrivateKeyError('malformed', 'private key: could not be parsed');
  }
}
