/**
 * What the CLI prints on stderr: the handshake with --verbose or --brief, and one line per
 * failure with the exit status it maps to (2 certificate, 3 other TLS, 4 network or timeout;
 * failures of the CLI's own, CliFailure, carry their status).
 */
import { CertificateError, EchRejectedError, TlsError, type ConnectionInfo } from '@puretls/core';
import { errorCode } from '../errors.js';
import type { PeerCertificate } from '../peer_certificate.js';
import type { TlsSocket } from '../tls_socket.js';
import { WaitError } from '../wait.js';
import { CliFailure, EXIT, type ExitStatus } from './failures.js';

/** One chain entry: subject and issuer, or, when node:crypto could not parse it, what is known. */
function describe(c: PeerCertificate, dn: (n: Record<string, string>) => string): string {
  if (Object.keys(c.subject).length === 0 && c.renderError !== undefined) return `(cannot render: ${c.renderError}; ${c.raw.length} bytes, SHA-256 ${c.fingerprint256})`;
  return `${dn(c.subject)} (issuer ${dn(c.issuer)})`;
}

/** What `info.ech` means, for -v. */
const ECH_TEXT: Record<ConnectionInfo['ech'], string> = {
  accepted: 'accepted (the server name and ALPN went encrypted; the ClientHello on the wire named the public name)',
  grease: 'GREASE only (RFC 9849 §6.2: no config given; the server name was sent in the clear)',
  'not-offered': 'not offered',
};

/**
 * The handshake as text lines for --verbose.
 *
 * @example
 * for (const line of handshakeReport(socket, 'given with --ech')) console.error(line);
 */
export function handshakeReport(s: TlsSocket, echConfig?: string): string[] {
  const info = s.info;
  if (info === undefined) return ['handshake not complete'];
  const chain = s.getPeerCertificate(true);
  const subjects: string[] = [];
  const dn = (n: Record<string, string>) => Object.entries(n).map(([k, v]) => `${k}=${v}`).join(', ');
  let c: PeerCertificate | undefined = 'subject' in chain ? (chain as PeerCertificate) : undefined;
  for (let i = 0; c !== undefined; c = c.issuerCertificate, i++) subjects.push(`  ${i}: ${describe(c, dn)}`);
  return [
    `* connected to ${s.remoteAddress ?? '?'}:${s.remotePort ?? '?'} in ${s.timings.connect?.toFixed(1) ?? '?'} ms`,
    `* ${info.version} ${info.cipherSuiteName}, group ${info.groupName ?? 'none (psk_ke)'}${info.helloRetryRequest ? ' (after HelloRetryRequest)' : ''}, server signature ${info.signatureSchemeName}`,
    `* ALPN: ${info.alpnProtocol ?? '(none agreed)'}`,
    `* ECH: ${ECH_TEXT[info.ech]}`,
    ...(echConfig !== undefined ? [`* ECH config: ${echConfig}`] : []),
    `* server chain (${info.peerCertificates.length} certificates${info.certificateCompressionName === undefined ? '' : `, sent compressed with ${info.certificateCompressionName} (RFC 8879)`}):`,
    ...subjects,
    `* verification: ${s.authorized ? `ok for ${s.servername}` : `FAILED (${s.authorizationError ?? 'not verified'})`}`,
    `* client certificate: ${clientCertificateLine(info, s, dn)}`,
    `* session: ${info.resumed ? "resumed (no Certificate sent; the original connection's chain, verified again)" : 'new (full handshake)'}${info.earlyData === 'not-offered' ? '' : `, early data ${info.earlyData}`}`,
    `* handshake done in ${s.timings.handshake?.toFixed(1) ?? '?'} ms from the start of the TCP connect`,
  ];
}

/** Whether the server asked for our certificate (RFC 9846 §4.4.2) and which we sent. */
function clientCertificateLine(info: NonNullable<TlsSocket['info']>, s: TlsSocket, dn: (n: Record<string, string>) => string): string {
  if (!info.certificateRequested) return 'not requested by the server';
  if (info.clientCertificates.length === 0) return 'requested by the server; none sent (an empty Certificate: the server decides)';
  const mine = s.getCertificate();
  const subject = 'subject' in mine ? dn((mine as PeerCertificate).subject) : '?';
  return `requested by the server; sent ${subject} (${info.clientCertificates.length} certificate${info.clientCertificates.length === 1 ? '' : 's'})`;
}

/**
 * The exit status and the one line to print for an error.
 *
 * @example
 * const { status, line } = classify(err); console.error(line); process.exitCode = status;
 */
export function classify(e: unknown): { status: ExitStatus; line: string } {
  const err = e instanceof Error ? e : new Error(String(e));
  if (err instanceof CliFailure) return { status: err.status, line: `puretls: ${err.message}` };
  const code = errorCode(err);
  // --ech-dns: no ECHConfigList in DNS, or no DNS answer; exit 4 as for other DNS failures (the message says what was asked of whom).
  if (code === 'ERR_PURETLS_ECH_NOT_FOUND' || code === 'ERR_PURETLS_ECH_DNS') return { status: EXIT.network, line: `puretls: ECH config lookup failed: ${err.message} [${code}]` };
  if (code === 'ERR_PURETLS_EARLY_DATA_REFUSED') return { status: EXIT.tls, line: `puretls: TLS failure: ${err.message} [${code}]` };
  const detail = `${err.message}${code !== undefined ? ` [${code}` : ''}${err instanceof TlsError && err.alertName !== undefined ? `${code !== undefined ? ', ' : ' ['}alert ${err.alertName}` : ''}${code !== undefined || (err instanceof TlsError && err.alertName !== undefined) ? ']' : ''}`;
  if (err instanceof TlsError && err.category === 'api-misuse') return { status: EXIT.usage, line: `puretls: ${err.message}` };
  if (err instanceof CertificateError) return { status: EXIT.certificate, line: `puretls: certificate verification failed: ${detail}` };
  if (err instanceof EchRejectedError) {
    const retry = err.retryConfigs === undefined ? '' : `; retry with --ech ${Buffer.from(err.retryConfigs).toString('base64')}`;
    return { status: EXIT.tls, line: `puretls: TLS failure: ${detail}${retry}` };
  }
  if (err instanceof TlsError) return { status: EXIT.tls, line: `puretls: TLS failure: ${detail}` };
  if (err instanceof TypeError) return { status: EXIT.usage, line: `puretls: ${err.message}` };
  if (err instanceof WaitError && err.reason === 'timeout') return { status: EXIT.network, line: `puretls: timeout: ${err.message}` };
  return { status: EXIT.network, line: `puretls: network error: ${detail}` };
}

/**
 * A few lines like `openssl s_client -brief`: protocol, suite, group, peer certificate subject,
 * verification result (and ALPN when one was agreed).
 *
 * @example
 * briefReport(socket, false).forEach((l) => process.stderr.write(`${l}\n`));
 */
export function briefReport(s: TlsSocket, dangerous: boolean): string[] {
  const info = s.info;
  if (info === undefined) return ['handshake not complete'];
  const leaf = s.getPeerCertificate(false);
  const subject = 'subject' in leaf ? Object.entries((leaf as PeerCertificate).subject).map(([k, v]) => `${k}=${v}`).join(', ') : '(none)';
  return [
    'CONNECTION ESTABLISHED',
    `Protocol version: ${info.version}`,
    `Ciphersuite: ${info.cipherSuiteName}`,
    `Group: ${info.groupName ?? 'none (psk_ke)'}${info.helloRetryRequest ? ' (after HelloRetryRequest)' : ''}`,
    `Signature type: ${info.signatureSchemeName}`,
    `Peer certificate: ${subject === '' ? '(cannot render)' : subject}`,
    dangerous ? 'Verification: NOT DONE (--dangerously-accept-any-certificate)' : s.authorized ? 'Verification: OK' : `Verification error: ${s.authorizationError ?? 'not verified'}`,
    ...(info.alpnProtocol !== undefined ? [`ALPN protocol: ${info.alpnProtocol}`] : []),
  ];
}
