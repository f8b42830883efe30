// The NSS client of the RFC 8448 traces as a configuration: randomness and clock from the trace,
// and a verifier that accepts exactly the trace's server certificate.
import { CertificateError, CipherSuite, NamedGroup, nss8448Profile, type ClientConfig } from '../../src/index.js';
import { pemDer, poolRandom, toHex, type Trace } from './vectors.js';

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
