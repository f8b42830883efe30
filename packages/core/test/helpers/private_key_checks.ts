// Test keys made at test time (node:crypto and the openssl CLI) and the oracles the private key
// tests compare against: node's SPKI export through the core SPKI parser, node's JWK export, and
// `openssl pkey -text` for RSASSA-PSS keys (node exports no JWK for those).
import { execFileSync } from 'node:child_process';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parseSpki } from '../../src/crypto/spki.js';
import { PrivateKeyError, type PrivateKeyErrorReason } from '../../src/crypto/private_key/errors.js';
import type { PrivateKey } from '../../src/crypto/provider.js';

/** A temporary directory for openssl's files, removed by `cleanup`. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'puretls-keys-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs openssl in `dir` and returns its standard output. */
export function openssl(dir: string, ...args: string[]): Buffer {
  return execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Reads a file openssl wrote. */
export function readIn(dir: string, name: string): Buffer {
  return readFileSync(join(dir, name));
}

/** Writes a file for openssl to read. */
export function writeIn(dir: string, name: string, data: string | Uint8Array): string {
  writeFileSync(join(dir, name), data);
  return join(dir, name);
}

/** Bytes as a plain Uint8Array (vitest's toEqual tells a Buffer from a Uint8Array). */
export function bytes(b: Uint8Array): Uint8Array {
  return new Uint8Array(b);
}

function b64url(s: unknown): Uint8Array {
  return new Uint8Array(Buffer.from(String(s), 'base64url'));
}

function big(s: unknown): bigint {
  return BigInt('0x' + (Buffer.from(String(s), 'base64url').toString('hex') || '0'));
}

/** The public key the core SPKI parser reads from node's export of `nodeKey`'s public half. */
export function nodePublicKey(nodeKey: KeyObject): ReturnType<typeof parseSpki> {
  return parseSpki(bytes(createPublicKey(nodeKey).export({ type: 'spki', format: 'der' })));
}

/**
 * Checks a parsed key against node's view of the same key: the public half equals what the SPKI
 * parser gives for node's SPKI, and the secret components equal node's JWK export.
 */
export function expectSameKey(key: PrivateKey, nodeKey: KeyObject): void {
  expect(key.publicKey).toEqual(nodePublicKey(nodeKey));
  const m = key.material;
  if (nodeKey.asymmetricKeyType === 'rsa-pss') return; // see expectRsaComponentsFromOpenssl
  const jwk = nodeKey.export({ format: 'jwk' });
  switch (m.kind) {
    case 'rsa':
      expect(m).toEqual({ kind: 'rsa', n: big(jwk.n), e: big(jwk.e), d: big(jwk.d), p: big(jwk.p), q: big(jwk.q), dp: big(jwk.dp), dq: big(jwk.dq), qi: big(jwk.qi) });
      break;
    case 'ec':
      expect(m.curve).toBe(jwk.crv);
      expect(m.d).toEqual(b64url(jwk.d));
      break;
    case 'ed25519':
      expect(m.seed).toEqual(b64url(jwk.d));
      expect(key.publicKey).toEqual({ kind: 'ed25519', key: b64url(jwk.x) });
      break;
  }
}

/** The RSA components `openssl pkey -text` prints for the key in `file`. */
export function opensslRsaComponents(dir: string, file: string): Record<'n' | 'e' | 'd' | 'p' | 'q' | 'dp' | 'dq' | 'qi', bigint> {
  const text = openssl(dir, 'pkey', '-in', file, '-text', '-noout').toString();
  const hex = (name: string): bigint => {
    const m = new RegExp(`^${name}:\\n((?:\\s+[0-9a-f:]+\\n)+)`, 'm').exec(text);
    if (m === null) throw new Error(`no ${name} in openssl output`);
    return BigInt('0x' + m[1]!.replace(/[\s:]/g, ''));
  };
  const e = /^publicExponent: (\d+)/m.exec(text);
  if (e === null) throw new Error('no publicExponent in openssl output');
  return { n: hex('modulus'), e: BigInt(e[1]!), d: hex('privateExponent'), p: hex('prime1'), q: hex('prime2'), dp: hex('exponent1'), dq: hex('exponent2'), qi: hex('coefficient') };
}

/** The PrivateKeyError `f` throws (anything else, or nothing, fails the test). */
export function refusal(f: () => unknown, reason?: PrivateKeyErrorReason | readonly PrivateKeyErrorReason[]): PrivateKeyError {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(PrivateKeyError);
  const err = caught as PrivateKeyError;
  if (reason !== undefined) expect(typeof reason === 'string' ? [reason] : reason, err.message).toContain(err.reason);
  return err;
}

/**
 * Fails if `message` holds any 4-byte run of `secret` in hex (either case) or base64, or the
 * leading decimal digits of any of `numbers`.
 */
export function expectNoSecretIn(message: string, secret: Uint8Array, numbers: readonly bigint[] = []): void {
  const hex = Buffer.from(secret).toString('hex');
  const lower = message.toLowerCase();
  const found: string[] = [];
  for (let i = 0; i + 8 <= hex.length; i += 2) if (lower.includes(hex.slice(i, i + 8))) found.push(`hex ${hex.slice(i, i + 8)}`);
  for (let i = 0; i + 6 <= secret.length; i++) {
    const b64 = Buffer.from(secret.subarray(i, i + 6)).toString('base64');
    if (message.includes(b64)) found.push(`base64 ${b64}`);
  }
  for (const n of numbers) if (message.includes(n.toString().slice(0, 12))) found.push('decimal of a component');
  expect(found, message).toEqual([]);
}

/** A DER TLV (tests build structures by hand). */
export function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(parts);
  const n = body.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return new Uint8Array([tag, ...len, ...body]);
}

/** A DER INTEGER of a non-negative bigint. */
export function derInteger(v: bigint): Uint8Array {
  let hex = v.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = '00' + hex;
  return tlv(0x02, Buffer.from(hex, 'hex'));
}

/** A DER OBJECT IDENTIFIER from its dotted form. */
export function derOidOf(oid: string): Uint8Array {
  const arcs = oid.split('.').map(Number);
  const out: number[] = [];
  for (const arc of [arcs[0]! * 40 + arcs[1]!, ...arcs.slice(2)]) {
    const chunk = [arc & 0x7f];
    for (let a = Math.floor(arc / 128); a > 0; a = Math.floor(a / 128)) chunk.unshift((a & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, new Uint8Array(out));
}

/** The [start, end) of each element's contents in a DER SEQUENCE's first level (for flipping bytes). */
export function fieldOffsets(seq: Uint8Array): { start: number; end: number; tag: number }[] {
  let at = seq[1]! & 0x80 ? 2 + (seq[1]! & 0x7f) : 2;
  const out: { start: number; end: number; tag: number }[] = [];
  while (at < seq.length) {
    const tag = seq[at]!;
    let len = seq[at + 1]!;
    let head = 2;
    if (len & 0x80) {
      const k = len & 0x7f;
      len = 0;
      for (let i = 0; i < k; i++) len = len * 256 + seq[at + 2 + i]!;
      head += k;
    }
    out.push({ start: at + head, end: at + head + len, tag });
    at += head + len;
  }
  return out;
}
