/**
 * HMAC (RFC 2104) and one-block HKDF-Expand (RFC 5869 §2.3) on noble's hashes, without noble's
 * per-call objects.
 *
 * The TLS 1.3 key schedule runs HKDF-Expand 20-odd times per handshake, nearly always for at most
 * one hash length of output (keys, IVs, secrets: RFC 9846 §7.1), plus a few HMACs. noble's
 * `expand()` makes an `_HMAC` with two fresh hash objects, a pad and two output buffers each time.
 * Here each hash has two reusable hash objects, reset from a pristine one and wiped after every
 * call, so a call costs its four compressions and little else. Keyed states are not kept between
 * calls: they are key-equivalent, and saving two compressions per repeated key was not worth
 * holding traffic secrets for longer.
 */
import { expand } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import type { CHash, Hash } from '@noble/hashes/utils.js';
import { equalBytes } from '../../codec/ct.js';
import type { HashAlgorithm } from '../provider.js';
import { HASHES } from './hashes.js';

type NobleHash = Hash<NobleHash> & { destroy(): void };

/** The keyed operations a provider needs, on one hash. */
interface Mac {
  mac(key: Uint8Array, data: Uint8Array): Uint8Array;
  expand(prk: Uint8Array, info: Uint8Array, length: number): Uint8Array;
}

/** noble's own functions: the reference, and the fallback should the fast path ever disagree. */
function nobleMac(hash: CHash): Mac {
  return { mac: (key, data) => hmac(hash, key, data), expand: (prk, info, length) => expand(hash, prk, info, length) };
}

/** HMAC on one hash with reusable hash objects (one per provider and hash: calls are synchronous). */
class ReusableHmac implements Mac {
  private readonly fresh: NobleHash;
  private readonly inner: NobleHash;
  private readonly outer: NobleHash;
  /** The key block, XORed with ipad then opad; zero between calls. */
  private readonly pad: Uint8Array;
  /** One digest (the inner hash, then a short HKDF output before its copy); zero between calls. */
  private readonly digest: Uint8Array;
  private readonly counter = Uint8Array.of(1);

  constructor(private readonly hash: CHash) {
    this.fresh = hash.create() as NobleHash;
    this.inner = hash.create() as NobleHash;
    this.outer = hash.create() as NobleHash;
    this.pad = new Uint8Array(this.fresh.blockLen);
    this.digest = new Uint8Array(hash.outputLen);
  }

  /** RFC 2104 steps 1-3: the inner hash has absorbed K xor ipad, the outer K xor opad. */
  private keyWith(key: Uint8Array): void {
    const { pad, inner, outer, fresh } = this;
    if (key.length > pad.length) {
      const k = this.hash(key); // a long key is hashed first
      pad.set(k);
      k.fill(0);
    } else {
      pad.set(key);
      pad.fill(0, key.length); // already zero between calls; cheap enough to not rely on it
    }
    for (let i = 0; i < pad.length; i++) pad[i]! ^= 0x36;
    fresh._cloneInto(inner).update(pad); // _cloneInto of the pristine hash: a reset, no allocation
    for (let i = 0; i < pad.length; i++) pad[i]! ^= 0x36 ^ 0x5c;
    fresh._cloneInto(outer).update(pad);
    pad.fill(0);
  }

  /** RFC 2104 step 5 onwards: HMAC of what the inner hash absorbed, into `this.digest`. */
  private finish(): Uint8Array {
    const { inner, outer, digest } = this;
    inner.digestInto(digest);
    outer.update(digest).digestInto(digest);
    return digest;
  }

  /** Wipes the key-equivalent hash states and scratch, whether or not the call got through. */
  private wipe(): void {
    this.inner.destroy();
    this.outer.destroy();
    this.pad.fill(0);
    this.digest.fill(0);
  }

  mac(key: Uint8Array, data: Uint8Array): Uint8Array {
    try {
      this.keyWith(key);
      this.inner.update(data);
      return this.finish().slice();
    } finally {
      this.wipe();
    }
  }

  /** T(1) = HMAC(PRK, info || 0x01) truncated, when that is all of it; noble's expand() otherwise. */
  expand(prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
    const olen = this.digest.length;
    // Several blocks, empty output and every error case (short PRK, bad length) go to noble.
    if (!Number.isInteger(length) || length < 1 || length > olen || prk.length < olen) return expand(this.hash, prk, info, length);
    try {
      this.keyWith(prk);
      this.inner.update(info).update(this.counter);
      return this.finish().slice(0, length);
    } finally {
      this.wipe();
    }
  }
}

/** Whether `fast` gives noble's bytes: a long key, a short one, one-block expands of two lengths. */
function agrees(fast: Mac, reference: Mac, outputLen: number): boolean {
  try {
    const long = Uint8Array.from({ length: 200 }, (_, i) => i * 7 + 3);
    const prk = long.subarray(0, outputLen);
    const data = long.subarray(5, 150);
    return (
      equalBytes(fast.mac(long, data), reference.mac(long, data)) &&
      equalBytes(fast.mac(prk, data), reference.mac(prk, data)) &&
      equalBytes(fast.expand(prk, data, outputLen), reference.expand(prk, data, outputLen)) &&
      equalBytes(fast.expand(prk, long.subarray(9, 20), 12), reference.expand(prk, long.subarray(9, 20), 12))
    );
  } catch {
    return false;
  }
}

/**
 * A provider's HMAC and HKDF, one reusable HMAC per hash, made and checked against noble's
 * `hmac`/`expand` on first use (falling back to them if they differ). Owned by one provider
 * instance: its hash objects are scratch for one synchronous call at a time.
 *
 * @example
 * const macs = new NobleMacs();
 * const okm = macs.hkdfExpand('sha256', prk, info, 16);
 */
export class NobleMacs {
  private readonly byHash: Partial<Record<HashAlgorithm, Mac>> = {};

  private of(alg: HashAlgorithm): Mac {
    let m = this.byHash[alg];
    if (m === undefined) {
      const hash = HASHES[alg] as CHash;
      const fast = new ReusableHmac(hash);
      const reference = nobleMac(hash);
      m = this.byHash[alg] = agrees(fast, reference, hash.outputLen) ? fast : reference;
    }
    return m;
  }

  /** HMAC-`alg`(key, data) (RFC 2104). @example macs.hmac('sha256', key, data) */
  hmac(alg: HashAlgorithm, key: Uint8Array, data: Uint8Array): Uint8Array {
    return this.of(alg).mac(key, data);
  }

  /** HKDF-Extract (RFC 5869 §2.2): HMAC keyed with the salt. @example macs.hkdfExtract('sha256', salt, ikm) */
  hkdfExtract(alg: HashAlgorithm, salt: Uint8Array, ikm: Uint8Array): Uint8Array {
    return this.of(alg).mac(salt, ikm);
  }

  /** HKDF-Expand (RFC 5869 §2.3), byte for byte noble's `expand`. @example macs.hkdfExpand('sha384', prk, info, 48) */
  hkdfExpand(alg: HashAlgorithm, prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
    return this.of(alg).expand(prk, info, length);
  }
}
