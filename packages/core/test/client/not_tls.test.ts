// Servers that do not speak TLS 1.3: a port that answers in plain HTTP or any other protocol
// (RFC 9846 §5: an unknown record type is unexpected_message), and a TLS 1.2 server, which picks
// TLS 1.2 in a ServerHello without supported_versions (§4.2.1: protocol_version) or refuses our
// ClientHello with a protocol_version alert. Each error says what the server is.
import { describe, expect, it } from 'vitest';
import { AlertReceivedError, ExtensionType, PeerIncompatibleError, PeerMisbehavedError, TlsClient, TlsError } from '../../src/index.js';
import { ContentType, HandshakeType } from '../../src/msgs/enums.js';
import { frameHandshake } from '../../src/msgs/handshake.js';
import { encodePlaintextRecord } from '../../src/record/plaintext.js';
import { acceptAll, connected, feedAndRead, handshake } from '../helpers/scripted_client.js';

const HTTP_MESSAGE = 'the server did not answer with TLS (is this an http:// port?)';
const UNEXPECTED_MESSAGE_ALERT = [ContentType.alert, 3, 3, 0, 2, 2, 10];

/** Sends the ClientHello, then feeds `answer` in chunks of `chunk` bytes; the error and what the client sent after it. */
function answerWith(answer: Uint8Array, chunk = answer.length): { error: TlsError | undefined; statuses: string[]; outgoing: number[] } {
  const client = new TlsClient({ serverName: 'server', verifier: acceptAll });
  client.handshake();
  client.takeOutgoing();
  const statuses: string[] = [];
  let error: TlsError | undefined;
  for (let at = 0; at < answer.length && error === undefined; at += chunk) {
    client.receive(answer.subarray(at, at + chunk));
    try {
      statuses.push(client.handshake());
    } catch (e) {
      error = e as TlsError;
    }
  }
  return { error, statuses, outgoing: [...client.takeOutgoing()] };
}

const te = new TextEncoder();

describe('a server that does not answer with TLS', () => {
  it('an HTTP response: unexpected_message, saying it looks like an http:// port', () => {
    const r = answerWith(te.encode('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n'));
    expect(r.error).toBeInstanceOf(PeerMisbehavedError);
    expect(r.error!.message).toBe(HTTP_MESSAGE);
    expect(r.error!.alertName).toBe('unexpected_message');
    expect(r.outgoing).toEqual(UNEXPECTED_MESSAGE_ALERT);
  });

  it('a bare HTML error page (an HTTP server that could not parse the request line): the same message', () => {
    const r = answerWith(te.encode('<!DOCTYPE HTML>\n<html><head><title>Error response</title></head></html>\n'));
    expect(r.error).toBeInstanceOf(PeerMisbehavedError);
    expect(r.error!.message).toBe(HTTP_MESSAGE);
    expect(r.outgoing).toEqual(UNEXPECTED_MESSAGE_ALERT);
  });

  it('an HTTP response arriving a byte at a time: judged once a header\'s worth is in', () => {
    const r = answerWith(te.encode('HTTP/1.0 200 OK\r\n\r\n'), 1);
    expect(r.statuses).toEqual(['want-read', 'want-read', 'want-read', 'want-read']);
    expect(r.error?.message).toBe(HTTP_MESSAGE);
  });

  it('another protocol (an SSH banner, an SMTP greeting): "not a TLS record", with the bytes seen', () => {
    const ssh = answerWith(te.encode('SSH-2.0-OpenSSH_9.6\r\n'));
    expect(ssh.error).toBeInstanceOf(PeerMisbehavedError);
    expect(ssh.error!.message).toBe('the server did not answer with TLS: its first bytes (53 53 48 2d 32) are not a TLS record');
    expect(ssh.outgoing).toEqual(UNEXPECTED_MESSAGE_ALERT);
    const smtp = answerWith(te.encode('220 mail.example ESMTP\r\n'));
    expect(smtp.error!.message).toMatch(/not a TLS record/);
    expect(smtp.error!.alertName).toBe('unexpected_message');
  });

  it('the same bytes after TLS records are an unknown content type, not a wrong port', () => {
    const o = connected();
    expect(() => feedAndRead(o.client, te.encode('HTTP/1.1 200 OK\r\n\r\n'))).toThrow('record of unknown content type 72');
  });
});

describe('a TLS 1.2-only server', () => {
  it('a ServerHello choosing TLS 1.2 (no supported_versions): PeerIncompatibleError protocol_version', () => {
    const o = handshake({ serverHello: (sh) => ({ ...sh, extensions: sh.extensions.filter((e) => e.type !== ExtensionType.supported_versions) }) });
    expect(o.error).toBeInstanceOf(PeerIncompatibleError);
    expect(o.error!.alertName).toBe('protocol_version');
    expect(o.error!.message).toBe('the server supports only TLS 1.2 or older (its ServerHello chose TLS 1.2; puretls speaks TLS 1.3 only)');
    expect(o.server.receivedAlerts).toEqual([[2, 70]]);
  });

  it('a TLS 1.0 ServerHello names TLS 1.0', () => {
    const body = Uint8Array.from([3, 1, ...new Uint8Array(32).fill(7), 0, 0x00, 0x2f, 0]);
    const r = answerWith(encodePlaintextRecord(ContentType.handshake, frameHandshake(HandshakeType.server_hello, body)));
    expect(r.error).toBeInstanceOf(PeerIncompatibleError);
    expect(r.error!.message).toContain('the server supports only TLS 1.2 or older (its ServerHello chose TLS 1.0');
  });

  it('a protocol_version alert in reply to the ClientHello: AlertReceivedError that says so', () => {
    const r = answerWith(encodePlaintextRecord(ContentType.alert, Uint8Array.of(2, 70)));
    expect(r.error).toBeInstanceOf(AlertReceivedError);
    expect(r.error!.alert).toBe(70);
    expect(r.error!.message).toBe('received fatal alert protocol_version (70): the server supports only TLS 1.2 or older');
    expect(r.outgoing).toEqual([]); // §6: nothing is sent in answer to a fatal alert
  });

  it('other alerts in reply to the ClientHello keep their plain message', () => {
    const r = answerWith(encodePlaintextRecord(ContentType.alert, Uint8Array.of(2, 40)));
    expect(r.error!.message).toBe('received fatal alert handshake_failure (40)');
  });

  it('a protocol_version alert after the ServerHello is not blamed on TLS 1.2', () => {
    const o = connected();
    expect(() => feedAndRead(o.client, o.server.seal(ContentType.alert, Uint8Array.of(2, 70)))).toThrow(/^received fatal alert protocol_version \(70\)$/);
  });
});
