/**
 * The PrivateKey object `parsePrivateKey` returns. Its material lives in a private field behind a
 * getter, so it is not an own property: `Object.keys`, `JSON.stringify`, `String()` and Node's
 * `util.inspect` (through its custom-inspect symbol, looked up with Symbol.for, no import) show
 * only the kind and size.
 */
import { ApiMisuseError } from '../../errors.js';
import type { HashAlgorithm, PrivateKey, PrivateKeyMaterial, PublicKey } from '../provider.js';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

function bitsOf(publicKey: PublicKey): number {
  switch (publicKey.kind) {
    case 'rsa':
      return publicKey.bits;
    case 'ec':
      return Number(publicKey.curve.slice(2));
    case 'ed25519':
      return 256;
    case 'ed448':
      return 456;
  }
}

/**
 * A parsed, checked private key. Frozen; `destroy()` zeroes the byte arrays of the material and
 * makes every later `material` read throw.
 *
 * @example
 * const key = new LoadedPrivateKey(publicKey, material);
 * String(key); // 'PrivateKey ec'
 */
export class LoadedPrivateKey implements PrivateKey {
  readonly publicKey: PublicKey;
  declare readonly pssHash?: HashAlgorithm;
  readonly #material: PrivateKeyMaterial;
  #destroyed = false;

  constructor(publicKey: PublicKey, material: PrivateKeyMaterial, pssHash?: HashAlgorithm) {
    this.publicKey = Object.freeze(publicKey);
    if (pssHash !== undefined) Object.defineProperty(this, 'pssHash', { value: pssHash, enumerable: true });
    this.#material = Object.freeze(material);
    Object.freeze(this);
  }

  /** The secret components (providers only); throws ApiMisuseError once destroyed. */
  get material(): PrivateKeyMaterial {
    if (this.#destroyed) throw new ApiMisuseError('PrivateKey: used after destroy() (destroyed)');
    return this.#material;
  }

  /** Zeroes d (EC) or the seed (Ed25519); bigints cannot be wiped. Idempotent. */
  destroy(): void {
    const m = this.#material;
    if (m.kind === 'ec') m.d.fill(0);
    else if (m.kind === 'ed25519') m.seed.fill(0);
    this.#destroyed = true;
  }

  /** `PrivateKey <kind>`: no material. */
  toString(): string {
    return `PrivateKey ${this.publicKey.kind}`;
  }

  /** `{ kind }`: no material. */
  toJSON(): { kind: PublicKey['kind'] } {
    return { kind: this.publicKey.kind };
  }

  /** What Node's `util.inspect` prints: `PrivateKey <kind> <bits>`. */
  [INSPECT](): string {
    return `PrivateKey ${this.publicKey.kind} ${bitsOf(this.publicKey)}`;
  }
}
