// PEM reading (RFC 7468): parseCertificateChain on openssl-made certificates, and the block
// scanner's strictness (labels, END lines, base64).
import { X509Certificate } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Limits, parseCertificateChain } from '../../../src/index.js';
import { pemBlocks } from '../../../src/crypto/private_key/pem.js';
import { bytes, openssl, refusal, tempDir } from '../../helpers/private_key_checks.js';

const tmp = tempDir();
afterAll(tmp.cleanup);

/** A fresh self-signed certificate (PEM) for subject CN=`cn`. */
function certificate(cn: string): string {
  openssl(tmp.dir, 'genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${cn}.key`);
  return openssl(tmp.dir, 'req', '-new', '-x509', '-key', `${cn}.key`, '-subj', `/CN=${cn}`, '-days', '1').toString();
}

const LEAF = certificate('leaf');
const INTERMEDIATE = certificate('intermediate');
const der = (pem: string) => bytes(new X509Certificate(pem).raw);

describe('parseCertificateChain', () => {
  it('every CERTIFICATE block in order, as DER; other blocks and text skipped', () => {
    const key = openssl(tmp.dir, 'pkey', '-in', 'leaf.key').toString();
    const text = `subject=CN = leaf\n${LEAF}\r\n${key}some comment\n${INTERMEDIATE.replace(/\n/g, '\r\n')}`;
    expect(parseCertificateChain(text)).toEqual([der(LEAF), der(INTERMEDIATE)]);
    expect(parseCertificateChain(new TextEncoder().encode(text))).toEqual([der(LEAF), der(INTERMEDIATE)]);
  });

  it('a DER input is one certificate (a copy)', () => {
    const d = der(LEAF);
    const chain = parseCertificateChain(d);
    expect(chain).toEqual([d]);
    expect(chain[0]).not.toBe(d);
  });

  it('refuses an input without certificates, clearly', () => {
    for (const input of ['', 'hello', openssl(tmp.dir, 'pkey', '-in', 'leaf.key').toString()]) {
      expect(refusal(() => parseCertificateChain(input), 'malformed').message).toContain('no CERTIFICATE block');
    }
  });

  it("refuses bad base64, bodies without a certificate's shape, a DER with trailing bytes, headers", () => {
    const body = LEAF.split('\n').slice(1, -2).join('\n');
    const wrap = (b: string) => `-----BEGIN CERTIFICATE-----\n${b}\n-----END CERTIFICATE-----\n`;
    refusal(() => parseCertificateChain(wrap(body + '!')), 'malformed');
    refusal(() => parseCertificateChain(wrap(body.slice(0, -1))), 'malformed');
    refusal(() => parseCertificateChain(wrap('AgEB')), 'malformed'); // INTEGER 1
    refusal(() => parseCertificateChain(wrap('MAA=')), 'malformed'); // an empty SEQUENCE
    const keyDer = bytes(openssl(tmp.dir, 'pkey', '-in', 'leaf.key', '-outform', 'DER'));
    refusal(() => parseCertificateChain(keyDer), 'malformed'); // a key passed for a certificate
    refusal(() => parseCertificateChain(Uint8Array.from([...der(LEAF), 0])), 'malformed');
    refusal(() => parseCertificateChain(wrap(`Proc-Type: 4,ENCRYPTED\n\n${body}`)), 'malformed');
    refusal(() => parseCertificateChain('x'.repeat(Limits.maxPemInput + 1)), 'unsupported');
  });
});

describe('pemBlocks', () => {
  it('reads labels, headers and bodies, with LF, CRLF or CR line ends and trailing blanks', () => {
    const text = 'intro\r-----BEGIN X Y-----  \rDEK-Info: z\r\rQUJD\r  REVG \r-----END X Y-----\rout';
    expect(pemBlocks(text)).toEqual([{ label: 'X Y', headers: ['DEK-Info: z'], body: 'QUJDREVG' }]);
  });

  it.each([
    ['no END line', '-----BEGIN A-----\nQUJD\n'],
    ['END with another label', '-----BEGIN A-----\nQUJD\n-----END B-----\n'],
    ['a BEGIN inside a block', '-----BEGIN A-----\n-----BEGIN B-----\n-----END B-----\n-----END A-----\n'],
    ['a label with a double space', '-----BEGIN A  B-----\n-----END A  B-----\n'],
    ['a label starting with a hyphen', '-----BEGIN -A-----\n-----END -A-----\n'],
  ])('%s is malformed', (_, text) => {
    refusal(() => pemBlocks(text), 'malformed');
  });
});
