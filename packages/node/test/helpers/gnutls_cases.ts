// The gnutls-serv interop cases: what each server is started with, what the puretls client
// offers, and what must come out. Shared by gnutls_matrix.ts (runs them inside a network
// namespace) and interop-gnutls.test.ts (asserts each one).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** fixtures/pki/ocsp/ (generate-ocsp.sh): stapled responses for the good p256 leaf. */
const OCSP = fileURLToPath(new URL('../../../../fixtures/pki/ocsp/', import.meta.url));

/** Priority base: TLS 1.3 only. */
export const TLS13 = 'NORMAL:-VERS-ALL:+VERS-TLS1.3';

export interface GnutlsCase {
  name: string;
  /** Fixture directory under fixtures/pki/good/ for the server's chain and key (and the client's root). */
  cert: 'rsa' | 'rsa-pss' | 'p256' | 'p384' | 'ed25519';
  /** gnutls-serv --priority. */
  priority: string;
  /**
   * 'http': GET / must return a 200 page; 'echo': bytes written must come back; 'read': the
   * client only reads until the end (gnutls-serv in --http mode, nothing sent).
   */
  mode: 'http' | 'echo' | 'read';
  /** Further gnutls-serv arguments. */
  serverArgs?: string[];
  /** puretls connect() options beyond host/port/servername/ca. */
  client?: { groups?: string[]; cipherSuites?: string[]; ALPNProtocols?: string[]; certificateCompression?: false | ('brotli' | 'zlib')[] };
  /**
   * A client certificate from fixtures/pki/client/<alg>/ (key and chain); the server is then
   * started with that CA as its --x509cafile.
   */
  clientCert?: 'rsa' | 'rsa-pss' | 'p256' | 'p384' | 'ed25519';
  /** Fixture directory whose root.pem the client trusts (default: `cert`). */
  clientRoot?: GnutlsCase['cert'];
  /** The connection must fail, with an error (`code: message`) matching this. */
  failure?: RegExp;
  expect: {
    suite?: string;
    group?: string;
    hrr?: boolean;
    /** Exact name, or a pattern. */
    signatureScheme?: string | RegExp;
    alpn?: string | false;
    /** Least number of NewSessionTickets the client must have seen (after the data exchange). */
    minTickets?: number;
    /** Most NewSessionTickets the client may have seen. */
    maxTickets?: number;
    /** Text the server's page must contain (http mode), e.g. our certificate's name. */
    pageContains?: string;
    /**
     * Certificate compression (RFC 8879): the algorithm the server's CompressedCertificate used
     * (`info.certificateCompressionName`, and one such message in the trace), or null for a plain
     * Certificate (no CompressedCertificate in the trace).
     */
    certificateCompression?: string | null;
    /** The compress_certificate list of our ClientHello as the trace printed it, or null for none sent. */
    offeredCompression?: string | null;
    /** Our exportKeyingMaterial(length, label) must equal the "Key material" gnutls-serv logs (--keymatexport). */
    exporter?: { label: string; length: number };
    /** The OCSP response stapled to the leaf (info.ocspResponse) must be this fixture of fixtures/pki/ocsp/, byte for byte. */
    ocspResponse?: string;
  };
}

/** What gnutls_matrix.ts reports per case (one JSON line holds all of them). */
export interface GnutlsResult {
  name: string;
  ok: boolean;
  suite?: string;
  group?: string;
  hrr?: boolean;
  signatureScheme?: string;
  alpn?: string | false | null;
  /** NewSessionTickets seen by the client (engine.onSessionTicket). */
  tickets?: number;
  /** First line of the HTTP response, or the echoed text. */
  response?: string;
  /** Ours and the server's exported keying material, hex (cases with `exporter`). */
  exported?: { ours: string; server: string | undefined };
  /** `info.certificateCompressionName` (null: a plain Certificate). */
  certificateCompression?: string | null;
  /** CompressedCertificate messages received, from the trace. */
  compressedCertificates?: number;
  /** The compress_certificate field of our ClientHello in the trace (null: not sent). */
  offeredCompression?: string | null;
  /** The HTTP page's text without markup (http mode, cases with `pageContains` only). */
  page?: string;
  /** The OCSP response stapled to the leaf, hex (info.ocspResponse), or null if none. */
  ocsp?: string | null;
  error?: string;
}

export interface GnutlsReport {
  gnutlsVersion: string;
  /** The client's crypto provider (gnutls_matrix.ts --crypto=). */
  crypto: 'node' | 'noble';
  results: GnutlsResult[];
}

const suiteCase = (name: string, cipher: string, suite: string): GnutlsCase => ({
  name, cert: 'rsa', mode: 'http', priority: `${TLS13}:-CIPHER-ALL:+${cipher}`,
  expect: { suite, group: 'x25519', hrr: false },
});

const certCase = (cert: GnutlsCase['cert'], signatureScheme: string | RegExp): GnutlsCase => ({
  name: `cert ${cert}`, cert, mode: 'http', priority: TLS13, expect: { signatureScheme },
});

export const CASES: GnutlsCase[] = [
  suiteCase('suite AES-128-GCM', 'AES-128-GCM', 'TLS_AES_128_GCM_SHA256'),
  suiteCase('suite AES-256-GCM', 'AES-256-GCM', 'TLS_AES_256_GCM_SHA384'),
  suiteCase('suite CHACHA20-POLY1305', 'CHACHA20-POLY1305', 'TLS_CHACHA20_POLY1305_SHA256'),
  // The client offers all three suites but only x25519 gets a key share by default.
  { name: 'HRR to SECP384R1', cert: 'p256', mode: 'http', priority: `${TLS13}:-GROUP-ALL:+GROUP-SECP384R1`, expect: { group: 'secp384r1', hrr: true } },
  { name: 'HRR to SECP256R1', cert: 'p256', mode: 'http', priority: `${TLS13}:-GROUP-ALL:+GROUP-SECP256R1`, expect: { group: 'secp256r1', hrr: true } },
  { name: 'no HRR with x25519', cert: 'p256', mode: 'http', priority: `${TLS13}:-GROUP-ALL:+GROUP-X25519`, expect: { group: 'x25519', hrr: false } },
  { name: 'key share p384 first, no HRR', cert: 'p256', mode: 'http', priority: `${TLS13}:-GROUP-ALL:+GROUP-SECP384R1`, client: { groups: ['p384', 'x25519'] }, expect: { group: 'secp384r1', hrr: false } },
  certCase('rsa-pss', 'rsa_pss_pss_sha256'),
  certCase('ed25519', 'ed25519'),
  certCase('rsa', /^rsa_pss_rsae_sha(256|384|512)$/),
  certCase('p256', 'ecdsa_secp256r1_sha256'),
  certCase('p384', 'ecdsa_secp384r1_sha384'),
  { name: 'ALPN http/1.1', cert: 'p256', mode: 'http', priority: TLS13, serverArgs: ['--alpn', 'http/1.1'], client: { ALPNProtocols: ['h2', 'http/1.1'] }, expect: { alpn: 'http/1.1' } },
  { name: 'no ALPN offered', cert: 'p256', mode: 'http', priority: TLS13, expect: { alpn: false } },
  // gnutls sends a NewSessionTicket right after the handshake: data must still flow both ways.
  { name: 'NewSessionTicket then echo', cert: 'p256', mode: 'echo', priority: TLS13, expect: { minTickets: 1 } },
  { name: 'no NewSessionTicket (--noticket), echo', cert: 'p256', mode: 'echo', priority: TLS13, serverArgs: ['--noticket'], expect: { maxTickets: 0 } },
  // Every case above faces gnutls-serv's default CertificateRequest (client cert optional); this one does not.
  { name: 'no CertificateRequest (-a)', cert: 'p256', mode: 'http', priority: TLS13, serverArgs: ['--disable-client-cert'], expect: { hrr: false } },
  // Failures that must be clean errors, not hangs.
  { name: 'untrusted root fails', cert: 'p256', clientRoot: 'rsa', mode: 'http', priority: TLS13, failure: /^UNABLE_TO_GET_ISSUER_CERT_LOCALLY: /, expect: {} },
  // Only TLS 1.2 suites on the server: it refuses our TLS 1.3-only ClientHello.
  { name: 'TLS 1.2-only server fails', cert: 'p256', mode: 'http', priority: 'NORMAL:-VERS-ALL:+VERS-TLS1.2', failure: /^ERR_PURETLS_ALERT_RECEIVED: .*(handshake_failure|protocol_version)/, expect: {} },
  // We send an empty Certificate; the server answers certificate_required after our Finished.
  // Read only: a write at that moment can fail with EPIPE first, and the alert is then lost.
  { name: 'client certificate required (-r) fails', cert: 'p256', mode: 'read', priority: TLS13, serverArgs: ['--require-client-cert'], failure: /^ERR_PURETLS_ALERT_RECEIVED: .*certificate_required/, expect: {} },
  // Certificate compression (RFC 8879): offered by default in the Node driver (brotli, zlib), and
  // not at all with `certificateCompression: false`. Debian's gnutls 3.7.9 is built without zlib,
  // brotli and zstd (`--compress-cert=zlib` says "Unknown compression method"), so it never
  // compresses: these cases check the offer and that a server ignoring it is fine.
  { name: 'certificate compression offered (brotli, zlib), the server does not compress', cert: 'rsa', mode: 'http', priority: TLS13, expect: { certificateCompression: null, offeredCompression: 'brotli,zlib' } },
  { name: 'certificate compression off (certificateCompression: false): no extension', cert: 'rsa', mode: 'http', priority: TLS13, client: { certificateCompression: false }, expect: { certificateCompression: null, offeredCompression: null } },
  { name: 'certificate compression zlib only', cert: 'p256', mode: 'http', priority: TLS13, client: { certificateCompression: ['zlib'] }, expect: { certificateCompression: null, offeredCompression: 'zlib' } },
  // Exporters (RFC 9846 §7.5): gnutls-serv logs what it exports for the label and size.
  { name: 'exporter (--keymatexport)', cert: 'p256', mode: 'echo', priority: TLS13, serverArgs: ['--keymatexport', 'EXPERIMENTAL-puretls', '--keymatexportsize', '20'], expect: { exporter: { label: 'EXPERIMENTAL-puretls', length: 20 } } },
  { name: 'exporter with SHA-384 (--keymatexport)', cert: 'p256', mode: 'echo', priority: `${TLS13}:-CIPHER-ALL:+AES-256-GCM`, serverArgs: ['--keymatexport', 'EXPORTER-Channel-Binding', '--keymatexportsize', '32'], expect: { suite: 'TLS_AES_256_GCM_SHA384', exporter: { label: 'EXPORTER-Channel-Binding', length: 32 } } },
  // Stapled OCSP (RFC 6960, --ocsp-response; status_request is offered by default). gnutls-serv
  // itself refuses to load a revoked or expired response: those run against openssl s_server.
  { name: 'OCSP staple good (--ocsp-response)', cert: 'p256', mode: 'http', priority: TLS13, serverArgs: ['--ocsp-response', `${OCSP}good.der`], expect: { ocspResponse: 'good.der' } },
  { name: 'OCSP staple by a delegated responder', cert: 'p256', mode: 'http', priority: TLS13, serverArgs: ['--ocsp-response', `${OCSP}delegated.der`], expect: { ocspResponse: 'delegated.der' } },
  { name: 'OCSP staple signed by a stranger fails', cert: 'p256', mode: 'http', priority: TLS13, serverArgs: ['--ocsp-response', `${OCSP}wrong-signer.der`], failure: /^CERT_REJECTED: OCSP response is not signed by .*puretls test stranger responder is not issued by/, expect: {} },
  { name: 'OCSP staple by a responder without OCSPSigning fails', cert: 'p256', mode: 'http', priority: TLS13, serverArgs: ['--ocsp-response', `${OCSP}delegated-no-eku.der`], failure: /^CERT_REJECTED: OCSP response is not signed by .*lacks the id-kp-OCSPSigning/, expect: {} },
  // mTLS (RFC 9846 §4.4.2): the server requires a certificate from the client CA; its page names ours.
  ...(['rsa', 'rsa-pss', 'p256', 'p384', 'ed25519'] as const).map((alg): GnutlsCase => ({
    name: `client certificate ${alg} (--require-client-cert)`, cert: 'p256', mode: 'http', priority: TLS13,
    serverArgs: ['--require-client-cert', '--verify-client-cert'], clientCert: alg, expect: { pageContains: `puretls client ${alg}` },
  })),
];

/** Why a result does not meet its case's expectations, or undefined when it does. */
export function mismatch(c: GnutlsCase, r: Omit<GnutlsResult, 'name' | 'ok'>): string | undefined {
  const e = c.expect;
  const bad: string[] = [];
  if (e.suite !== undefined && r.suite !== e.suite) bad.push(`suite ${r.suite} != ${e.suite}`);
  if (e.group !== undefined && r.group !== e.group) bad.push(`group ${r.group} != ${e.group}`);
  if (e.hrr !== undefined && r.hrr !== e.hrr) bad.push(`helloRetryRequest ${r.hrr} != ${e.hrr}`);
  if (e.signatureScheme !== undefined) {
    const okSig = typeof e.signatureScheme === 'string' ? r.signatureScheme === e.signatureScheme : e.signatureScheme.test(r.signatureScheme ?? '');
    if (!okSig) bad.push(`signatureScheme ${r.signatureScheme} !~ ${String(e.signatureScheme)}`);
  }
  if (e.alpn !== undefined && r.alpn !== e.alpn) bad.push(`alpn ${String(r.alpn)} != ${String(e.alpn)}`);
  if (e.minTickets !== undefined && (r.tickets ?? 0) < e.minTickets) bad.push(`tickets ${r.tickets} < ${e.minTickets}`);
  if (e.maxTickets !== undefined && (r.tickets ?? 0) > e.maxTickets) bad.push(`tickets ${r.tickets} > ${e.maxTickets}`);
  if (e.exporter !== undefined && (r.exported === undefined || r.exported.ours !== r.exported.server)) bad.push(`exported ${r.exported?.ours} != the server's ${r.exported?.server}`);
  if (e.certificateCompression !== undefined) {
    if (r.certificateCompression !== e.certificateCompression) bad.push(`certificate compression ${String(r.certificateCompression)} != ${String(e.certificateCompression)}`);
    const messages = e.certificateCompression === null ? 0 : 1;
    if (r.compressedCertificates !== messages) bad.push(`${r.compressedCertificates} CompressedCertificate messages in the trace, not ${messages}`);
  }
  if (e.offeredCompression !== undefined && r.offeredCompression !== e.offeredCompression) bad.push(`offered compress_certificate ${String(r.offeredCompression)} != ${String(e.offeredCompression)}`);
  if (e.ocspResponse !== undefined && r.ocsp !== readFileSync(`${OCSP}${e.ocspResponse}`).toString('hex')) bad.push(`stapled OCSP response ${r.ocsp === null ? 'none' : `${(r.ocsp ?? '').length / 2} bytes`} is not ${e.ocspResponse}`);
  if (e.pageContains !== undefined && !(r.page ?? '').includes(e.pageContains)) bad.push(`the page lacks ${JSON.stringify(e.pageContains)}: ${JSON.stringify((r.page ?? '').slice(0, 400))}`);
  return bad.length === 0 ? undefined : bad.join('; ');
}
