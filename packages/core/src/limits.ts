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
  /**
   * Largest uncompressed_length of a CompressedCertificate (RFC 8879 §4) we decompress, checked
   * before decompressing, and the cap the decompressor is given: the decompressed bytes are a
   * Certificate body, so this is the size of the largest Certificate we accept uncompressed
   * (maxHandshakeMessage). Compression must not let a server send a chain we would refuse
   * uncompressed, nor make us inflate a bomb: a few kilobytes of zlib can claim gigabytes.
   */
  maxUncompressedCertificate: 256 * 1024,
  /** Most certificates we accept in a server Certificate message. */
  maxCertificates: 16,
  /** Most bytes of received, not yet processed network data the engine holds. */
  maxInboundBuffer: 2 * (16384 + 256 + 5),
  /** Above this many pending outgoing bytes, write() reports want-write instead of queueing more. */
  outboundHighWater: 64 * 1024,
  /**
   * Most records in a row that make no progress: ChangeCipherSpec records dropped during the
   * handshake (RFC 9846 §5), empty application data records (§5.4 lets peers send them as
   * traffic-analysis padding) and warning-level user_canceled alerts (§6.1). Each costs a record
   * decryption and nothing else, so a peer could keep us busy for free; Go caps them at 16
   * ("maxUselessRecords"), we do the same. Handshake data and non-empty application data reset it.
   */
  maxUselessRecords: 16,
  /**
   * Most KeyUpdates received without non-empty application data in between: each one costs a key
   * derivation and (if requested) an answer, so a peer could otherwise loop us on rekeying.
   */
  maxKeyUpdatesWithoutData: 32,
  /**
   * Most CA names we take from a CertificateRequest's certificate_authorities (RFC 9846 §4.3.4).
   * Servers that list their whole trust store send a few hundred (a Windows store holds ~400);
   * the message size bound already caps the bytes, this caps the objects handed to the application.
   */
  maxCertificateAuthorities: 1024,
  /** Most oid_filters entries (RFC 9846 §4.3.5) in a CertificateRequest; real servers send a handful. */
  maxOidFilters: 64,
  /**
   * Most post-handshake CertificateRequests (RFC 9846 §4.7.2) over a connection. Each costs a
   * signature, and each context must be remembered to refuse a repeat (§4.4.2: contexts are unique
   * per connection), so a server asking again and again would make us sign and remember without bound.
   */
  maxPostHandshakeCertificateRequests: 16,
  /**
   * Smallest average number of bytes per record of a handshake message spread over several
   * records. A record has a fixed cost (header, nonce, AEAD setup) whatever it carries, so a peer
   * sending a 256 KiB Certificate in one-byte records would make us pay 262,000 record costs
   * instead of 16. Senders fragment at 2^14 by default and not below 512 (TLS 1.2's smallest
   * max_fragment_length, OpenSSL's smallest max_send_fragment); 256 leaves margin under that and
   * keeps a fragmented flight within a few times the cost of the same flight in full records.
   * When we advertise a record_size_limit (RFC 8449) below that, the peer is allowed to obey it:
   * the limit then is our record_size_limit minus one (its content-type byte). A message of n
   * bytes (header included) may span ceil(n / this) + `extraRecordsPerHandshakeMessage` records.
   */
  minHandshakeBytesPerRecord: 256,
  /** Records a handshake message may span beyond its minimum-average allowance (tiny messages split oddly). */
  extraRecordsPerHandshakeMessage: 8,
  /**
   * Most records per direction whose asynchronous AEAD operation (`Aead.sealAsync` / `openAsync`,
   * WebCrypto) is outstanding at once. Each holds its record (up to 2^14 + 256 + 5 bytes) and,
   * received, its plaintext, so this bounds what a connection holds beyond its inbound buffer to
   * about 8 × 33 KiB. Several calls in flight hide a native AEAD's per-call latency (a trip through
   * the event loop and a worker thread): in Node 20, one `subtle.decrypt` of a full record at a
   * time gives about 190 MB/s, four 330, eight 370; beyond that the gain is noise. (Writes are
   * bounded first by `outboundHighWater`: four full records.)
   */
  maxRecordsInFlight: 8,
  /**
   * Private keys drawn for one key exchange before the random source is judged broken: a valid
   * P-256 or P-384 scalar fails with probability below 2^-32 per draw, so eight failures mean the
   * source is not random (InternalError), not bad luck; the bound stops a loop on a broken source.
   */
  maxPrivateKeyDraws: 8,
  /**
   * Records counted per key, as a JavaScript number, exact up to 2^53 − 1. RFC 9846 §5.3 lets the
   * sequence number run to 2^64 − 1; at a million records a second 2^53 takes 285 years, and we
   * rekey our own side long before (maxRecordsPerKeyAesGcm). At the bound the connection fails
   * rather than wraps; a number instead of a bigint spares an allocation per record.
   */
  maxSequenceNumber: Number.MAX_SAFE_INTEGER,
  /** Most NewSessionTicket messages kept per connection (extras are dropped, not errors). */
  maxSessionTickets: 8,
  /** Tickets a `MemorySessionStore` keeps in all (least recently stored dropped first): bounds a flood of tickets. */
  sessionStoreEntries: 256,
  /** Tickets a `MemorySessionStore` keeps per key: a server handing out many gets only the newest kept. */
  sessionStoreTicketsPerKey: 4,
  /**
   * Largest serialised ticket `decodeSessionTicket` reads: the ticket (under 64 KiB), the chain
   * (one Certificate message, under maxHandshakeMessage) and small fields.
   */
  maxSessionTicketEncoding: 64 * 1024 + 256 * 1024 + 1024,
  /**
   * 0-RTT bytes we send at most, whatever a ticket's max_early_data_size allows (RFC 9846 §4.7.1
   * lets it say 2^32 − 1): a copy of them is kept until the server accepts them, so that they can
   * be resent if it does not.
   */
  maxEarlyData: 64 * 1024,
  /** Most extensions in one message. */
  maxExtensions: 64,
  /**
   * Records sent under one key before we send a KeyUpdate: AES-GCM is good for 2^24.5 full
   * records (RFC 9846 §5.5); we rekey at 2^24 for every suite.
   */
  maxRecordsPerKeyAesGcm: 2 ** 24,
  /** Longest DNS label, in octets (RFC 1035 §2.3.4); A-labels included (RFC 5890 §2.3.2.1). */
  maxDnsLabelLength: 63,
  /** Longest server name in text form without the trailing dot: 255 wire octets (RFC 1035 §2.3.4). */
  maxServerNameLength: 253,
  /**
   * Longest serverName string we try to parse at all: bounds the Unicode normalization before the
   * real limits above apply (an internationalized name can shrink under NFKC, so a little slack).
   */
  maxServerNameInput: 1024,
  /** ECDSA public keys remembered for faster verification, once warm each a table of precomputed points: 32 KiB for P-256 (crypto/p256), up to ~100 KiB of noble's for P-384 and P-521. */
  ecdsaWarmKeys: 32,
  /**
   * Smallest RSA modulus the default provider computes with (CA/Browser Forum BR §6.1.5; 1024-bit
   * keys are within reach of factoring). Configurable per provider: the RFC 8448 conformance runs,
   * whose server key has 1024 bits, use `createNobleProvider({ rsa: { minModulusBits: 1024 } })`.
   */
  minRsaModulusBits: 2048,
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
  /**
   * Blinding values drawn for one RSA signature before the random source is judged broken
   * (InternalError). A draw is refused when it is 0 or not below n (probability under 1/2: n has
   * its top bit set) or shares a factor with n (about 2^-1000); 64 refusals in a row happen to a
   * real random source with probability below 2^-64, and the bound stops a loop on a broken one.
   */
  maxRsaBlindingDraws: 64,
  /**
   * Longest PEM text (or DER) `parsePrivateKey` and `parseCertificateChain` read. A chain we can
   * send fits one Certificate message (maxHandshakeMessage, 256 KiB of DER); base64 adds a third,
   * line breaks and BEGIN/END lines a little more, so 512 KiB holds that chain, a key, and a file
   * with both. The bound is checked before any scanning or decoding.
   */
  maxPemInput: 512 * 1024,
  /**
   * Largest DER private key (plain or encrypted PKCS#8, SEC 1, PKCS#1). An 8192-bit RSA key, the
   * largest we accept, is about 4.8 KB of PKCS#8 and a little more encrypted; 16 KiB leaves room
   * for attributes, and bounds the bigint work of checking the RSA components.
   */
  maxPrivateKeyDer: 16 * 1024,
  /**
   * Most PBKDF2 iterations of an encrypted private key (RFC 8018 §5.2), refused before any key
   * derivation: the count is the file's to choose, and each costs two HMAC compressions. OpenSSL's
   * default is 2048 and OWASP's 2023 advice for PBKDF2-HMAC-SHA256 600,000; a million costs about
   * 1.2 s with SHA-256 and 4.5 s with SHA-512 (the slowest PRF in JavaScript) on a 2-core CI
   * machine, so a key file cannot stall the process for longer than that.
   */
  maxPbkdf2Iterations: 1_000_000,
  /**
   * Largest stapled OCSPResponse (RFC 9846 §4.5.1.1, RFC 6066 §8: opaque<1..2^24-1>) we keep and
   * hand to the verifier. Real responses are 1 to 4 KB (a signature, maybe a delegated responder's
   * certificate); 64 KiB leaves room for a few certificates and bounds what the verifier parses.
   */
  maxOcspResponseBytes: 64 * 1024,
  /**
   * Largest SignedCertificateTimestampList (RFC 6962 §3.3) in a CertificateEntry. Each SCT is about
   * 120 bytes and browsers ask for two or three; 16 KiB holds over a hundred.
   */
  maxSctListBytes: 16 * 1024,
} as const;
