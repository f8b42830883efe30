// hpke-js (@hpke/core on WebCrypto, with @hpke/chacha20poly1305): the independent HPKE that the
// provider conformance suite and the ECH test server use, never the engine's own.
import { Chacha20Poly1305 } from '@hpke/chacha20poly1305';
import { Aes128Gcm, Aes256Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256, HkdfSha384, HkdfSha512 } from '@hpke/core';

/** hpke-js's suite for DHKEM(X25519, HKDF-SHA256) with RFC 9180 KDF `kdf` (1, 2, 3) and AEAD `aead` (1, 2, 3). */
export function hpkeJsSuite(kdf: number, aead: number): CipherSuite {
  return new CipherSuite({
    kem: new DhkemX25519HkdfSha256(),
    kdf: kdf === 1 ? new HkdfSha256() : kdf === 2 ? new HkdfSha384() : new HkdfSha512(),
    aead: aead === 1 ? new Aes128Gcm() : aead === 2 ? new Aes256Gcm() : new Chacha20Poly1305(),
  });
}
