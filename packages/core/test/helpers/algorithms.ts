// Lookups in the noble provider's registry, for tests that build records and key shares by hand.
import { nobleProvider } from '../../src/crypto/noble/index.js';
import type { Aead, SupportedCipherSuite, SupportedGroup, SupportedSignatureScheme } from '../../src/crypto/provider.js';

/** The noble provider's suite with this codepoint (throws if there is none). */
export function suiteById(id: number): SupportedCipherSuite {
  const s = nobleProvider.cipherSuites.find((x) => x.id === id);
  if (s === undefined) throw new Error(`no suite 0x${id.toString(16)}`);
  return s;
}

/** The noble provider's group with this codepoint or name. */
export function groupOf(idOrName: number | string): SupportedGroup {
  const g = nobleProvider.groups.find((x) => x.id === idOrName || x.name === idOrName);
  if (g === undefined) throw new Error(`no group ${idOrName}`);
  return g;
}

/** The noble provider's signature scheme with this codepoint. */
export function schemeById(id: number): SupportedSignatureScheme {
  const s = nobleProvider.signatureSchemes.find((x) => x.id === id);
  if (s === undefined) throw new Error(`no scheme 0x${id.toString(16)}`);
  return s;
}

const AEAD_SUITE: Record<string, number> = { 'aes-128-gcm': 0x1301, 'aes-256-gcm': 0x1302, 'chacha20-poly1305': 0x1303 };

/** A keyed AEAD by name ('aes-128-gcm', 'aes-256-gcm', 'chacha20-poly1305'). */
export function aeadOf(name: string, key: Uint8Array): Aead {
  return suiteById(AEAD_SUITE[name]!).aead.create(key);
}

/** Starts a key exchange whose secret bytes are exactly `secret` (deterministic test servers). */
export function fixedExchange(idOrName: number | string, secret: Uint8Array) {
  return groupOf(idOrName).start((n) => {
    if (n !== secret.length) throw new Error(`group wants ${n} secret bytes, given ${secret.length}`);
    return secret.slice();
  });
}
