/**
 * Every size and count limit of the engine, in one place (denial-of-service bounds).
 * RFC 9846 §5.1/§5.2 fix the record limits; the others are our policy, chosen so that a hostile
 * server cannot make us buffer or compute without bound.
 *
 * @example
 * if (len > Limits.maxHandshakeMessage) throw new InvalidMessageError('decode_error', 'too long');
 */
export const Limits = {
  /** Largest TLSPlaintext / TLSInnerPlaintext content: 2^14 (RFC 9846 §5.1). */
  maxPlaintext: 16384,
  /** Largest TLSCiphertext fragment: 2^14 + 256 (RFC 9846 §5.2). */
  maxCiphertext: 16384 + 256,
  /** Largest handshake message we accept; certificate chains are the big ones. */
  maxHandshakeMessage: 256 * 1024,
  /** Most certificates we accept in a server Certificate message. */
  maxCertificates: 16,
  /** Most bytes of received, not yet processed network data the engine holds. */
  maxInboundBuffer: 2 * (16384 + 256 + 5),
  /** Above this many pending outgoing bytes, write() reports want-write instead of queueing more. */
  outboundHighWater: 64 * 1024,
  /** Most consecutive ChangeCipherSpec records tolerated during the handshake. */
  maxChangeCipherSpec: 1,
  /** Most KeyUpdates received without any application data in between. */
  maxKeyUpdatesWithoutData: 32,
  /** Most NewSessionTicket messages kept per connection (extras are dropped, not errors). */
  maxSessionTickets: 8,
  /** Most extensions in one message. */
  maxExtensions: 64,
  /**
   * Records sent under one key before we send a KeyUpdate: AES-GCM is good for 2^24.5 full
   * records (RFC 9846 §5.5); we rekey at 2^24 for every suite.
   */
  maxRecordsPerKeyAesGcm: 2 ** 24,
  /** ECDSA public keys remembered for faster verification (each up to ~100 KiB of precomputed points once warm). */
  ecdsaWarmKeys: 32,
  /**
   * Smallest RSA modulus the default provider computes with (smaller keys are factorable in
   * hours). The Web PKI's 2048 is the verifier's policy (X509Limits.minRsaBits): the engine itself
   * must still run the RFC 8448 traces, whose server key has 1024 bits. Configurable per provider:
   * `createNobleProvider({ rsa: { minModulusBits: 2048 } })`.
   */
  minRsaModulusBits: 1024,
  /**
   * Largest RSA modulus by default: one verification costs about bits² × exponent bits, so a
   * 16384-bit key with a huge exponent is seconds of CPU per signature. 8192 covers every public root.
   */
  maxRsaModulusBits: 8192,
  /**
   * RSA public exponents must be below 2^this (the bound of ring and BoringSSL): the exponent's
   * length sets the number of modular multiplications, and real keys use 65537.
   */
  maxRsaPublicExponentBits: 33,
} as const;
