/**
 * `puretls connect --trace`: the engine's trace events as lines in the manner of
 * `openssl s_client -msg` (`>>>` for what we send, `<<<` for what we receive, lengths in hex).
 */
import { alertName, codepointName, ContentType, HandshakeType, type TraceEvent } from '@puretls/core';

/** s_client's names for record content types (RFC 9846 §5.1). */
const RECORD_NAMES: Readonly<Record<number, string>> = {
  [ContentType.change_cipher_spec]: 'ChangeCipherSpec',
  [ContentType.alert]: 'Alert',
  [ContentType.handshake]: 'Handshake',
  [ContentType.application_data]: 'ApplicationData',
};

/** s_client's names for handshake messages (RFC 9846 §4). */
const MESSAGE_NAMES: Readonly<Record<number, string>> = {
  [HandshakeType.client_hello]: 'ClientHello',
  [HandshakeType.server_hello]: 'ServerHello',
  [HandshakeType.new_session_ticket]: 'NewSessionTicket',
  [HandshakeType.end_of_early_data]: 'EndOfEarlyData',
  [HandshakeType.encrypted_extensions]: 'EncryptedExtensions',
  [HandshakeType.certificate]: 'Certificate',
  [HandshakeType.certificate_request]: 'CertificateRequest',
  [HandshakeType.certificate_verify]: 'CertificateVerify',
  [HandshakeType.finished]: 'Finished',
  [HandshakeType.key_update]: 'KeyUpdate',
  [HandshakeType.compressed_certificate]: 'CompressedCertificate',
};

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');
const arrow = (d: 'in' | 'out'): string => (d === 'out' ? '>>>' : '<<<');

/**
 * A field value as printed: the server chooses some of them (an ALPN name, an error text), so
 * control and non-ASCII characters are escaped and never reach the terminal raw; a value with
 * spaces is quoted.
 */
function printable(v: string): string {
  const safe = v.replace(/[^\x20-\x7e]|["\\]/g, (c) => (c === '"' || c === '\\' ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  return safe === '' || /\s/.test(safe) ? `"${safe}"` : safe;
}

/**
 * One trace event as one line, e.g.
 * `<<< TLS 1.3 Handshake [length 007a], ServerHello  cipher_suite=TLS_AES_128_GCM_SHA256 version=TLS13 group=x25519`
 * or `>>> record ApplicationData [length 0035] (inner handshake)`.
 *
 * @example
 * const socket = await connect({ host, port, trace: (e) => process.stderr.write(`${formatTraceEvent(e)}\n`) });
 */
export function formatTraceEvent(ev: TraceEvent): string {
  const dir = arrow(ev.direction);
  switch (ev.kind) {
    case 'record': {
      const name = RECORD_NAMES[ev.contentType] ?? `type ${ev.contentType}`;
      const inner = ev.innerContentType === undefined
        ? ev.protected ? ' (not decrypted)' : ''
        : ` (inner ${codepointName(ContentType, ev.innerContentType)})`;
      return `${dir} record ${name} [length ${hex4(ev.length)}]${inner}`;
    }
    case 'handshake': {
      const name = MESSAGE_NAMES[ev.type] ?? `handshake type ${ev.type}`;
      const fields = Object.entries(ev.fields).map(([k, v]) => `${k}=${printable(v)}`).join(' ');
      return `${dir} TLS 1.3 Handshake [length ${hex4(ev.length)}], ${name}${fields === '' ? '' : `  ${fields}`}`;
    }
    case 'alert':
      return `${dir} TLS 1.3 Alert [length 0002], ${ev.level === 1 ? 'warning' : ev.level === 2 ? 'fatal' : `level ${ev.level}`} ${alertName(ev.description)}`;
    case 'change_cipher_spec':
      return `${dir} TLS 1.3 ChangeCipherSpec [length 0001]`;
  }
}
