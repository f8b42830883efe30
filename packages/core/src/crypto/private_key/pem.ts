/**
 * PEM (RFC 7468): finding the BEGIN/END blocks of a text, strict base64 bodies, and the
 * certificate chain of a PEM file. Text outside blocks (explanatory text, RFC 7468 §2, such as
 * OpenSSL's "Bag Attributes") is ignored; RFC 1421 headers are reported so the legacy encrypted
 * form can be refused with advice.
 */
import { Limits } from '../../limits.js';
import { DerReader, DerTag } from '../der.js';
import { malformed, only, take, withDer } from './asn1.js';
import { decodeBase64 } from './base64.js';
import { PrivateKeyError } from './errors.js';

/**
 * One PEM block: its label, its RFC 1421 header lines (legacy, usually none), its base64 text.
 *
 * @example
 * const block: PemBlock = { label: 'PRIVATE KEY', headers: [], body: 'MC4CAQAw...' };
 */
export interface PemBlock {
  readonly label: string;
  readonly headers: readonly string[];
  /** The base64 body with all whitespace removed. */
  readonly body: string;
}

/** RFC 7468 §3 label: printable characters, hyphen or space only between others. */
const LABEL = /^[\x21-\x2c\x2e-\x7e]+(?:[- ][\x21-\x2c\x2e-\x7e]+)*$/;
const BEGIN = /^-----BEGIN (.*)-----[ \t]*$/;
const HEADER = /^[A-Za-z][A-Za-z0-9-]*:/;

/**
 * The text of `input`, size-checked: a string as it is, bytes as Latin-1 (PEM is ASCII; any other
 * byte can only be in explanatory text, and is then ignored).
 *
 * @example
 * const text = pemText(fileBytes);
 */
export function pemText(input: string | Uint8Array): string {
  if (input.length > Limits.maxPemInput) throw new PrivateKeyError('unsupported', `PEM input of ${input.length} bytes exceeds the limit of ${Limits.maxPemInput} (Limits.maxPemInput)`);
  if (typeof input === 'string') return input;
  let text = '';
  for (let i = 0; i < input.length; i += 4096) text += String.fromCharCode(...input.subarray(i, i + 4096));
  return text;
}

/**
 * Every block of a PEM text, in order. A block without its END line, or ended with another
 * label, is malformed.
 *
 * @example
 * pemBlocks(text).map((b) => b.label); // ['EC PARAMETERS', 'EC PRIVATE KEY']
 */
export function pemBlocks(text: string): PemBlock[] {
  const lines = text.split(/\r\n|\r|\n/);
  const blocks: PemBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = BEGIN.exec(lines[i]!);
    if (m === null) continue;
    const label = m[1]!;
    if (!LABEL.test(label)) throw malformed('PEM: bad label on a BEGIN line');
    const end = `-----END ${label}-----`;
    const headers: string[] = [];
    let body = '';
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j]!;
      if (line.trimEnd() === end) break;
      if (line.startsWith('-----')) throw malformed(`PEM: block ${label} is not closed by its END line`);
      if (body === '' && HEADER.test(line)) headers.push(line);
      else body += line.replace(/[ \t]/g, '');
    }
    if (j === lines.length) throw malformed(`PEM: block ${label} has no END line`);
    blocks.push({ label, headers, body });
    i = j;
  }
  return blocks;
}

/**
 * The DER bytes of a block, at most `maxBytes` (checked before decoding).
 *
 * @example
 * const der = pemBlockBytes(block, Limits.maxPrivateKeyDer);
 */
export function pemBlockBytes(block: PemBlock, maxBytes: number): Uint8Array {
  if ((block.body.length / 4) * 3 > maxBytes + 2) throw new PrivateKeyError('unsupported', `PEM: block ${block.label} is larger than ${maxBytes} bytes`);
  const der = decodeBase64(block.body);
  if (der === undefined) throw malformed(`PEM: block ${block.label} is not valid base64`);
  if (der.length > maxBytes) {
    der.fill(0);
    throw new PrivateKeyError('unsupported', `PEM: block ${block.label} is larger than ${maxBytes} bytes`);
  }
  return der;
}

/**
 * Fails unless `der` has a certificate's outer shape (RFC 5280 §4.1): one SEQUENCE of
 * tbsCertificate (SEQUENCE), signatureAlgorithm (SEQUENCE) and signatureValue (BIT STRING). Enough
 * to catch a key or a CSR passed by mistake; the contents are the server's to judge.
 */
function checkCertificateShape(der: Uint8Array, what: string): void {
  withDer(what, () => {
    const r = new DerReader(only(der, DerTag.SEQUENCE, what).value);
    take(r, DerTag.SEQUENCE, `${what} tbsCertificate`);
    take(r, DerTag.SEQUENCE, `${what} signatureAlgorithm`);
    take(r, DerTag.BIT_STRING, `${what} signatureValue`);
    if (!r.done) throw malformed(`${what}: trailing data`);
  });
}

/**
 * The certificates of a PEM text, in order, as DER: every `CERTIFICATE` block (RFC 7468 §5);
 * other blocks are skipped. A DER input (bytes starting with a SEQUENCE tag) is one certificate.
 * Fails (PrivateKeyError, 'malformed') when there is none; certificates are checked for their
 * outer DER shape only (verifying them is the server's business).
 *
 * @example
 * const chain = parseCertificateChain(fullchainPem); // [leafDer, intermediateDer]
 * const cert: ClientCertificate = { chain, key: parsePrivateKey(keyPem) };
 */
export function parseCertificateChain(input: string | Uint8Array): Uint8Array[] {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) throw malformed('parseCertificateChain: the chain must be a string (PEM) or a Uint8Array (DER or PEM)');
  if (typeof input !== 'string' && input[0] === DerTag.SEQUENCE) {
    if (input.length > Limits.maxPemInput) throw new PrivateKeyError('unsupported', `certificate of ${input.length} bytes exceeds the limit of ${Limits.maxPemInput} (Limits.maxPemInput)`);
    checkCertificateShape(input, 'DER certificate');
    return [input.slice()];
  }
  const chain: Uint8Array[] = [];
  for (const block of pemBlocks(pemText(input))) {
    if (block.label !== 'CERTIFICATE') continue;
    if (block.headers.length > 0) throw malformed('PEM: a CERTIFICATE block with headers');
    const der = pemBlockBytes(block, Limits.maxPemInput);
    checkCertificateShape(der, `certificate ${chain.length + 1}`);
    chain.push(der);
  }
  if (chain.length === 0) throw malformed('no CERTIFICATE block in the PEM input');
  return chain;
}
