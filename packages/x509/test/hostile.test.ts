// Hostile input: the server chooses every byte of the chain. Mutated, truncated and random
// certificates must end in an X509Error (a typed error with its alert), never a RangeError, a
// TypeError or a hang, whichever check meets them first.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCertificate, TrustStore, verifyChain, X509Error } from '../src/index.js';
import { editTree, type TreeEdit } from './helpers/der_tree.js';

/** Property runs are bounded by numRuns; this is several times their normal duration, for a loaded 2-core machine. */
const PROPERTY_TIMEOUT_MS = 60_000;

const pki = fileURLToPath(new URL('../../../fixtures/pki/good/', import.meta.url));
const der = (alg: string, name: string) => Uint8Array.from(Buffer.from(readFileSync(`${pki}${alg}/${name}.pem`, 'utf8').replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'));
const now = Date.UTC(2030, 0, 1);

/** A runtime error (a missing check) anywhere in the error's cause chain, or undefined. */
function runtimeCause(e: unknown): Error | undefined {
  for (let c: unknown = e; c instanceof Error; c = c.cause) if (c instanceof TypeError || c instanceof RangeError) return c;
  return undefined;
}

/**
 * Runs verifyChain; returns 'ok' or the error, failing the property on anything but an X509Error
 * and on an X509Error that relabels a TypeError/RangeError (refusals must come from explicit checks).
 */
function outcome(leaf: Uint8Array, intermediates: Uint8Array[], roots: TrustStore): 'ok' | string {
  try {
    verifyChain(leaf, { roots, intermediates, now, serverName: 'localhost' });
    return 'ok';
  } catch (e) {
    if (!(e instanceof X509Error)) throw new Error(`not an X509Error: ${String(e)}`, { cause: e });
    const masked = runtimeCause(e);
    if (masked !== undefined) throw new Error(`X509Error relabels a runtime error: ${masked.name}: ${masked.message}`, { cause: e });
    expect(typeof e.alertName).toBe('string');
    return e.reason;
  }
}

/** A byte-level mutation: flip, set, insert, delete, or truncate at a position. */
const mutation = fc.record({
  kind: fc.constantFrom('flip', 'set', 'insert', 'delete', 'truncate'),
  at: fc.nat(),
  value: fc.integer({ min: 0, max: 255 }),
});

function mutate(bytes: Uint8Array, m: { kind: string; at: number; value: number }): Uint8Array {
  const i = m.at % bytes.length;
  const b = Array.from(bytes);
  if (m.kind === 'flip') b[i] = b[i]! ^ (1 << (m.value % 8));
  else if (m.kind === 'set') b[i] = m.value;
  else if (m.kind === 'insert') b.splice(i, 0, m.value);
  else if (m.kind === 'delete') b.splice(i, 1);
  else b.length = i;
  return Uint8Array.from(b);
}

/** A structural edit of the DER tree (empty a SEQUENCE, drop or repeat a field, hostile strings). */
const treeEdit: fc.Arbitrary<TreeEdit> = fc.record({
  kind: fc.constantFrom('empty', 'drop-child', 'dup-child', 'universal-string', 'bmp-odd'),
  at: fc.nat(),
  child: fc.nat(),
});

describe.each(['p256', 'rsa', 'ed25519'])('hostile chains (%s fixtures)', (alg) => {
  const roots = TrustStore.fromDer([der(alg, 'root')]);
  const leaf = der(alg, 'leaf');
  const inter = der(alg, 'intermediate');

  it('the unmodified chain verifies (the baseline)', () => {
    expect(outcome(leaf, [inter], roots)).toBe('ok');
  });

  it('any mutation of the leaf ends in an X509Error, never in an acceptance of a changed TBS', () => {
    fc.assert(fc.property(mutation, (m) => {
      const changed = mutate(leaf, m);
      if (outcome(changed, [inter], roots) === 'ok') expect(parseCertificate(changed).tbs).toEqual(parseCertificate(leaf).tbs);
    }), { numRuns: 1000 });
  }, PROPERTY_TIMEOUT_MS);

  it('any mutation of the intermediate ends in an X509Error, never in an acceptance', () => {
    fc.assert(fc.property(mutation, (m) => {
      const changed = mutate(inter, m);
      // Every byte of a certificate is covered by its signature or is the signature itself, apart
      // from encodings that parse to the same thing; a changed intermediate that still verifies
      // must be one of those.
      if (outcome(leaf, [changed], roots) === 'ok') expect(parseCertificate(changed).tbs).toEqual(parseCertificate(inter).tbs);
    }), { numRuns: 1000 });
  }, PROPERTY_TIMEOUT_MS);

  it('any structural edit of the leaf, intermediate or anchor ends in an explicit refusal or the unchanged chain', () => {
    fc.assert(fc.property(treeEdit, fc.constantFrom(0, 1, 2), (edit, which) => {
      const chain: Uint8Array[] = [leaf, inter, der(alg, 'root')];
      const original = chain[which]!;
      chain[which] = editTree(original, edit);
      // The anchor goes through the store's index and its own parse (whose refusals the store
      // skips silently): both must refuse explicitly.
      for (const step of [() => TrustStore.fromDer([chain[2]!]), () => parseCertificate(chain[2]!, { anchor: true })]) {
        try {
          step();
        } catch (e) {
          if (!(e instanceof X509Error) || runtimeCause(e) !== undefined) throw new Error('anchor refused by an unchecked error', { cause: e });
          return;
        }
      }
      // An anchor's own signature is never checked, so an edited anchor may still anchor the chain.
      if (outcome(chain[0]!, [chain[1]!], TrustStore.fromDer([chain[2]!])) === 'ok' && which < 2) expect(parseCertificate(chain[which]!).tbs).toEqual(parseCertificate(original).tbs);
    }), { numRuns: 500 });
  }, PROPERTY_TIMEOUT_MS);
});

describe('random bytes as certificates', () => {
  const roots = TrustStore.fromDer([der('p256', 'root')]);
  it('random and DER-looking garbage: always an X509Error', () => {
    const derish = fc.uint8Array({ maxLength: 600 }).map((body) => Uint8Array.from([0x30, 0x82, body.length >> 8, body.length & 0xff, ...body]));
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 600 }), derish), fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 3 }), (leaf, rest) => {
      expect(outcome(leaf, rest, roots)).not.toBe('ok');
    }), { numRuns: 1000 });
  }, PROPERTY_TIMEOUT_MS);
});
