// Small helpers of the provider conformance suite: hex, bit flips, fixed random sources, and the
// error shape a provider must throw (compared by class name, category and alert, and by class).
import { expect } from 'vitest';
import { TlsError, type RandomSource } from '../../../src/index.js';

/** Property runs are bounded by numRuns; this is several times their normal duration, for a loaded 2-core machine. */
export const PROPERTY_TIMEOUT_MS = 60_000;

/** Bytes from hex (whitespace ignored). */
export function hex(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
}

/** Lower-case hex of bytes, for readable assertion failures. */
export function toHex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

/** ASCII/UTF-8 bytes. */
export function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** A copy of `b` with bit 0 of byte `i` flipped (negative `i` counts from the end). */
export function flip(b: Uint8Array, i: number): Uint8Array {
  const c = b.slice();
  const at = i < 0 ? c.length + i : i;
  c[at]! ^= 1;
  return c;
}

/** `n` bytes counting up from `from` (the RFC 5869 and RFC 8439 patterns). */
export function range(from: number, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (from + i) & 0xff);
}

/**
 * A random source that hands out exactly `secret`, once: `start(random)` must draw the private key
 * in one call of its length (as RFC 8448 replays need), else the test fails loudly.
 */
export function fixedRandom(secret: Uint8Array): RandomSource {
  let used = false;
  return (n) => {
    if (used) throw new Error('random source called twice: the fixed private key was refused');
    if (n !== secret.length) throw new Error(`group drew ${n} secret bytes, the test fixed ${secret.length}`);
    used = true;
    return secret.slice();
  };
}

/** A deterministic random source (SHA-256 counter stream over `seed`) that two providers can share. */
export function streamRandom(seed: Uint8Array, sha256: (d: Uint8Array) => Uint8Array): RandomSource {
  let counter = 0;
  return (n) => {
    const out = new Uint8Array(n);
    for (let at = 0; at < n; at += 32) {
      const block = sha256(Uint8Array.from([...seed, counter >>> 24, (counter >>> 16) & 0xff, (counter >>> 8) & 0xff, counter & 0xff]));
      counter++;
      out.set(block.subarray(0, Math.min(32, n - at)), at);
    }
    return out;
  };
}

/** The error class a refusal must be, as the noble provider throws it. */
export interface ErrorShape {
  readonly name: string;
  readonly category: string;
  readonly alertName: string;
  readonly reason?: string;
}

/** What `fn` threw (fails the test if it returned). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw, but the call returned');
}

/** Requires `fn` to throw a TlsError of exactly this shape (the engine maps it to the alert it sends). */
export function expectTlsError(fn: () => unknown, shape: ErrorShape, label = ''): void {
  const e = thrown(fn);
  expect(e, `${label}: ${String(e)}`).toBeInstanceOf(TlsError);
  const err = e as TlsError & { reason?: string };
  expect({ name: err.name, category: err.category, alertName: err.alertName, ...(shape.reason === undefined ? {} : { reason: err.reason }) }, label).toEqual(shape);
}

/** Requires `fn` to return without throwing, and returns its result. */
export function noThrow<T>(fn: () => T): T {
  let out: T;
  expect(() => { out = fn(); }).not.toThrow();
  return out!;
}

/** InvalidMessageError(illegal_parameter): a bad key share (RFC 9846 §4.2.8, §7.4). */
export const ILLEGAL_PARAMETER: ErrorShape = { name: 'InvalidMessageError', category: 'invalid-message', alertName: 'illegal_parameter' };
/** InvalidMessageError(decode_error): a malformed SubjectPublicKeyInfo. */
export const DECODE_ERROR: ErrorShape = { name: 'InvalidMessageError', category: 'invalid-message', alertName: 'decode_error' };
