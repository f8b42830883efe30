// The NSS client of the RFC 8448 traces as a configuration: randomness and clock from the trace,
// and a verifier that accepts exactly the trace's server certificate.
import { CertificateError, CipherSuite, ExtensionType as E, NamedGroup, SignatureScheme, type ClientConfig, type ClientHelloProfile } from '../../src/index.js';
import { createNobleProvider } from '../../src/crypto/noble/index.js';
import { pemDer, poolRandom, toHex, type Trace } from './vectors.js';

/**
 * The RFC 8448 server key is RSA-1024, below our default bound (Limits.minRsaModulusBits): the
 * conformance runs verify its CertificateVerify with a provider configured to accept it.
 */
export const rfc8448Crypto = createNobleProvider({ rsa: { minModulusBits: 1024 } });

export const serverCert = pemDer('server_certificate.pem');

/** The NSS client of RFC 8448 as configuration. */
export function nssConfig(t: Trace, opts: { ffdhe: boolean; ticket: boolean; compat: boolean }, keyLog?: (l: string) => void): ClientConfig {
  return {
    serverName: 'server',
    cipherSuites: [CipherSuite.TLS_AES_128_GCM_SHA256, CipherSuite.TLS_CHACHA20_POLY1305_SHA256, CipherSuite.TLS_AES_256_GCM_SHA384],
    groups: [NamedGroup.x25519, NamedGroup.secp256r1, NamedGroup.secp384r1],
    keyShareGroups: [NamedGroup.x25519],
    profile: nss8448Profile({ withFfdhe: opts.ffdhe, withSessionTicket: opts.ticket }),
    recordSizeLimit: 16385,
    crypto: rfc8448Crypto,
    middleboxCompatibility: opts.compat,
    random: poolRandom(t.Client_RNG_Pool!),
    now: () => t.CurrentTimestamp,
    // The test verifier accepts exactly the RFC 8448 server certificate.
    verifier: {
      verifyServerCertificate: ({ chain, serverName }) => {
        if (chain.length !== 1 || toHex(chain[0]!) !== toHex(serverCert) || serverName !== 'server') {
          throw new CertificateError('unknown-issuer', 'bad_certificate', 'not the RFC 8448 server certificate');
        }
      },
    },
    keyLog,
  };
}

/**
 * The ClientHello of the NSS client in the RFC 8448 traces: renegotiation_info, legacy signature
 * codepoints advertised only, record_size_limit, the F5 padding rule (which pads only the second
 * ClientHello of §5), in NSS's extension order. The traces differ in their groups (ffdhe groups and
 * P-521 in §3 and §7) and in the empty session_ticket (§3 only): use {@link nss8448Profile} with
 * `withFfdhe` / `withSessionTicket` to get each one.
 *
 * @example
 * new TlsClient({ ...config, profile: nss8448Profile({ withFfdhe: true, withSessionTicket: true }), recordSizeLimit: 16385 });
 */
export function nss8448Profile(opts: { withFfdhe: boolean; withSessionTicket: boolean }): ClientHelloProfile {
  const G = NamedGroup;
  const S = SignatureScheme;
  return {
    extensionOrder: [
      E.server_name,
      E.renegotiation_info,
      E.supported_groups,
      E.session_ticket,
      E.key_share,
      E.early_data,
      E.supported_versions,
      E.signature_algorithms,
      E.cookie,
      E.psk_key_exchange_modes,
      E.record_size_limit,
      E.padding,
      E.pre_shared_key,
    ],
    renegotiationInfo: true,
    emptySessionTicket: opts.withSessionTicket,
    advertisedGroups: opts.withFfdhe
      ? [G.x25519, G.secp256r1, G.secp384r1, G.secp521r1, G.ffdhe2048, G.ffdhe3072, G.ffdhe4096, G.ffdhe6144, G.ffdhe8192]
      : [G.x25519, G.secp256r1, G.secp384r1],
    advertisedSignatureSchemes: [
      S.ecdsa_secp256r1_sha256, S.ecdsa_secp384r1_sha384, S.ecdsa_secp521r1_sha512, S.ecdsa_sha1,
      S.rsa_pss_rsae_sha256, S.rsa_pss_rsae_sha384, S.rsa_pss_rsae_sha512,
      S.rsa_pkcs1_sha256, S.rsa_pkcs1_sha384, S.rsa_pkcs1_sha512, S.rsa_pkcs1_sha1,
      S.dsa_sha256_legacy, S.dsa_sha384_legacy, S.dsa_sha512_legacy, S.dsa_sha1_legacy,
    ],
    padding: { kind: 'range', from: 256, to: 512 },
    sendSignatureAlgorithmsCert: false,
  };
}
