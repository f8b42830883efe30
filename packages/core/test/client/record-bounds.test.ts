// Records that make no progress, ChangeCipherSpec tolerance, record size limits, record order
// at the end of the stream (RFC 9846 §5, §5.1, §5.4, §6.1), against the scripted server.
import { describe, expect, it } from 'vitest';
import { nobleProvider } from '../../src/crypto/noble/index.js';
import { AlertReceivedError, TlsClient, TlsError, type AeadAlgorithm, type ClientConfig, type CryptoProvider } from '../../src/index.js';
import { Limits } from '../../src/limits.js';
import { ContentType } from '../../src/msgs/enums.js';
import { encodePlaintextRecord } from '../../src/record/plaintext.js';
import { concat, ScriptedServer, type Mutations } from '../helpers/scripted_server.js';

const acceptAll = { verifyServerCertificate: () => {} };
const te = new TextEncoder();
const CCS = Uint8Array.of(20, 3, 3, 0, 1, 1);

interface Outcome {
  client: TlsClient;
  server: ScriptedServer;
  error: TlsError | undefined;
  /** Everything the client sent, raw. */
  sent: Uint8Array[];
}

/** Runs a handshake between the client and the scripted server until it completes or fails. */
function handshake(m: Mutations = {}, cfg: Partial<ClientConfig> = {}): Outcome {
  const server = new ScriptedServer(m);
  const client = new TlsClient({ serverName: 'server', verifier: acceptAll, ...cfg });
  const sent: Uint8Array[] = [];
  let error: TlsError | undefined;
  for (let i = 0; i < 10; i++) {
    let status;
    try {
      status = client.handshake();
    } catch (e) {
      error = e as TlsError;
    }
    const out = client.takeOutgoing();
    sent.push(out);
    const answer = out.length > 0 ? server.respond(out) : new Uint8Array(0);
    if (error !== undefined || (status === 'ok' && answer.length === 0)) break;
    for (let at = 0; at < answer.length; ) {
      at += client.receive(answer.subarray(at));
      if (at < answer.length) {
        try {
          client.handshake();
        } catch (e) {
          error = e as TlsError;
          break;
        }
      }
    }
  }
  return { client, server, error, sent };
}

/** Outer content types of the records in `bytes`. */
function recordTypes(bytes: Uint8Array): number[] {
  const types: number[] = [];
  for (let at = 0; at + 5 <= bytes.length; at += 5 + ((bytes[at + 3]! << 8) | bytes[at + 4]!)) types.push(bytes[at]!);
  return types;
}

function connected(): Outcome {
  const o = handshake();
  expect(o.error).toBeUndefined();
  expect(o.client.isHandshakeComplete).toBe(true);
  return o;
}

/** Feeds all of `bytes` and reads until data, eof or an error. */
function feedAndRead(client: TlsClient, bytes: Uint8Array) {
  for (let at = 0; at < bytes.length; ) {
    at += client.receive(bytes.subarray(at));
    const r = client.read();
    if (r.status !== 'want-read' && r.status !== 'want-write') return r;
  }
  return client.read();
}

const repeat = (n: number, f: () => Uint8Array) => concat(Array.from({ length: n }, f));

describe('ChangeCipherSpec before the server Finished (RFC 9846 §5)', () => {
  it('a second ChangeCipherSpec before Finished is dropped', () => {
    const o = handshake({ records: ([sh, ...rest]) => [sh!, CCS, CCS, ...rest] });
    expect(o.error).toBeUndefined();
    expect(o.client.isHandshakeComplete).toBe(true);
  });

  it('ChangeCipherSpec records between encrypted flight records are dropped', () => {
    const o = handshake({ recordPerMessage: true, records: (recs) => recs.flatMap((r) => [r, CCS, CCS]) });
    expect(o.error).toBeUndefined();
    expect(o.client.isHandshakeComplete).toBe(true);
  });

  it('a ChangeCipherSpec inside a fragmented handshake message is still unexpected_message (§5.1)', () => {
    const o = handshake({ encryptedRecordSize: 200, records: (recs) => recs.flatMap((r) => [r, CCS]) });
    expect(o.error?.alertName).toBe('unexpected_message');
  });

  it('more ChangeCipherSpec records in a row than the useless-record cap: unexpected_message', () => {
    const n = Limits.maxUselessRecords + 1;
    const o = handshake({ records: ([sh, ...rest]) => [sh!, ...Array.from({ length: n }, () => CCS), ...rest] });
    expect(o.error?.alertName).toBe('unexpected_message');
  });
});

/** The noble provider, counting the records it opens. */
function countingProvider(): { crypto: CryptoProvider; opened: () => number } {
  let opened = 0;
  const counted = (aead: AeadAlgorithm): AeadAlgorithm => ({
    ...aead,
    create: (key) => {
      const inner = aead.create(key);
      return { seal: (n, p, a) => inner.seal(n, p, a), open: (n, c, a) => (opened++, inner.open(n, c, a)) };
    },
  });
  const crypto: CryptoProvider = { ...nobleProvider, cipherSuites: nobleProvider.cipherSuites.map((s) => ({ ...s, aead: counted(s.aead) })) };
  return { crypto, opened: () => opened };
}

describe('a handshake message spread over many records (RFC 9846 §5.1)', () => {
  // A Certificate of about 20 KiB: the leaf, then filler entries the accept-all verifier ignores.
  const bigCertificate: Mutations['certificate'] = (c) => ({ ...c, entries: [...c.entries, { data: new Uint8Array(19_000).fill(0x30), extensions: [] }] });

  it('a 20 KiB Certificate in records of the smallest average we allow completes', () => {
    const o = handshake({ certificate: bigCertificate, encryptedRecordSize: Limits.minHandshakeBytesPerRecord });
    expect(o.error).toBeUndefined();
    expect(o.client.isHandshakeComplete).toBe(true);
  });

  it('a 20 KiB Certificate in one-byte records: unexpected_message within the records its size allows', () => {
    const { crypto, opened } = countingProvider();
    const o = handshake({ certificate: bigCertificate, encryptedRecordSize: 1 }, { crypto });
    expect(o.error?.alertName).toBe('unexpected_message');
    // EncryptedExtensions (6 bytes) first, then the Certificate up to its allowance: not 20,000 records.
    const allowance = Math.ceil(20_200 / Limits.minHandshakeBytesPerRecord) + Limits.extraRecordsPerHandshakeMessage;
    expect(opened()).toBeLessThanOrEqual(6 + allowance + 1);
  });
});

describe('records that make no progress (capped as Go caps them)', () => {
  it('as many empty application data records as the cap are ignored, one more is unexpected_message', () => {
    const o = connected();
    const r = feedAndRead(o.client, concat([repeat(Limits.maxUselessRecords, () => o.server.appData('')), o.server.appData('x')]));
    expect(r.status === 'ok' && new TextDecoder().decode(r.data)).toBe('x');
    expect(() => feedAndRead(o.client, repeat(Limits.maxUselessRecords + 1, () => o.server.appData('')))).toThrow(
      expect.objectContaining({ alertName: 'unexpected_message' }),
    );
  });

  it('more warning user_canceled alerts in a row than the cap: unexpected_message', () => {
    const o = connected();
    const canceled = () => o.server.seal(ContentType.alert, Uint8Array.of(1, 90));
    expect(() => feedAndRead(o.client, repeat(Limits.maxUselessRecords + 1, canceled))).toThrow(expect.objectContaining({ alertName: 'unexpected_message' }));
  });

  it('non-empty application data resets the useless-record count', () => {
    const o = connected();
    for (let i = 0; i < 3; i++) {
      const r = feedAndRead(o.client, concat([repeat(Limits.maxUselessRecords, () => o.server.appData('')), o.server.appData('y')]));
      expect(r.status).toBe('ok');
    }
  });

  it('empty application data does not reset the KeyUpdate count', () => {
    const o = connected();
    const n = Limits.maxKeyUpdatesWithoutData + 1;
    let err: unknown;
    try {
      for (let i = 0; i < n; i++) {
        feedAndRead(o.client, o.server.keyUpdate(false));
        feedAndRead(o.client, o.server.appData(''));
      }
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ alertName: 'unexpected_message', message: expect.stringMatching(/KeyUpdate/) });
  });
});

describe('record sizes (RFC 9846 §5.1, §5.2, §5.4)', () => {
  const overlong = (type: number) => Uint8Array.from([type, 3, 3, 0x40, 0x01, ...new Uint8Array(16385)]);

  for (const type of [ContentType.change_cipher_spec, ContentType.alert, ContentType.handshake, ContentType.application_data]) {
    it(`an unprotected record of type ${type} longer than 2^14 before the keys: record_overflow`, () => {
      const o = handshake({ records: ([sh, ...rest]) => [overlong(type), sh!, ...rest] });
      expect(o.error?.alertName).toBe('record_overflow');
    });
  }

  for (const type of [ContentType.change_cipher_spec, ContentType.alert, ContentType.handshake]) {
    it(`an unprotected record of type ${type} longer than 2^14 after the keys: record_overflow`, () => {
      const o = connected();
      expect(() => feedAndRead(o.client, overlong(type))).toThrow(expect.objectContaining({ alertName: 'record_overflow' }));
    });
  }

  it('a protected record with 2^14 bytes of plaintext is read', () => {
    const o = connected();
    const r = feedAndRead(o.client, o.server.appData(new Uint8Array(16384).fill(1)));
    expect(r.status === 'ok' && r.data.length).toBe(16384);
  });

  it('a protected alert with zero-length content: unexpected_message', () => {
    const o = connected();
    expect(() => feedAndRead(o.client, o.server.seal(ContentType.alert, new Uint8Array(0)))).toThrow(expect.objectContaining({ alertName: 'unexpected_message' }));
  });
});

describe('each record is handled before the next header is looked at (RFC 9846 §6.1)', () => {
  const junk = Uint8Array.of(99, 99, 99, 99, 99, 99);

  it('close_notify followed by junk is a clean end of stream', () => {
    const o = connected();
    expect(feedAndRead(o.client, concat([o.server.appData('last'), o.server.closeNotify(), junk]))).toMatchObject({ status: 'ok' });
    expect(o.client.read()).toEqual({ status: 'eof' });
    o.client.receive(junk);
    expect(o.client.read()).toEqual({ status: 'eof' });
  });

  it("a peer's fatal alert followed by junk is reported as the peer's alert", () => {
    const o = connected();
    let err: unknown;
    try {
      feedAndRead(o.client, concat([o.server.seal(ContentType.alert, Uint8Array.of(2, 80)), junk]));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AlertReceivedError);
    expect((err as TlsError).alertName).toBe('internal_error');
  });

  it('application data followed by a bad header is delivered before the error', () => {
    const o = connected();
    o.client.receive(concat([o.server.appData('first'), junk]));
    const r = o.client.read();
    expect(r.status === 'ok' && new TextDecoder().decode(r.data)).toBe('first');
    expect(() => o.client.read()).toThrow(expect.objectContaining({ alertName: 'unexpected_message' }));
  });
});

describe('compatibility ChangeCipherSpec (RFC 9846 §E.4)', () => {
  it('goes out before an encrypted alert sent right after ServerHello', () => {
    // An ALPN answer we never asked for fails the handshake in EncryptedExtensions.
    const o = handshake({ encryptedExtensions: (ee) => ({ extensions: [...ee.extensions, { type: 16, data: Uint8Array.of(0, 3, 2, 0x68, 0x32) }] }) });
    expect(o.error?.alertName).toBe('unsupported_extension');
    const types = recordTypes(concat(o.sent.slice(1)));
    expect(types).toEqual([ContentType.change_cipher_spec, ContentType.application_data]);
  });

  it('is sent once, before the first encrypted record, on a normal handshake', () => {
    const o = connected();
    const types = recordTypes(concat(o.sent));
    expect(types.filter((t) => t === ContentType.change_cipher_spec)).toHaveLength(1);
    expect(types.indexOf(ContentType.change_cipher_spec)).toBeLessThan(types.indexOf(ContentType.application_data));
  });

  it('is not sent without compatibility mode, alerts included', () => {
    const o = handshake({ encryptedExtensions: (ee) => ({ extensions: [...ee.extensions, { type: 16, data: Uint8Array.of(0, 3, 2, 0x68, 0x32) }] }) }, { middleboxCompatibility: false });
    expect(o.error?.alertName).toBe('unsupported_extension');
    expect(recordTypes(concat(o.sent.slice(1)))).toEqual([ContentType.application_data]);
  });
});

describe('KeyUpdate and closure (RFC 9846 §4.7.3, §6.1)', () => {
  it('after our close_notify a KeyUpdate(update_requested) is not answered', () => {
    const o = connected();
    expect(o.client.shutdown()).toBe('want-write');
    o.server.respond(o.client.takeOutgoing());
    o.client.receive(o.server.keyUpdate(true));
    o.client.receive(o.server.appData('after'));
    const r = o.client.read();
    expect(r.status).toBe('ok');
    expect(o.client.takeOutgoing()).toHaveLength(0);
  });

  it('KeyUpdate requests received while we are silent get one answer', () => {
    const o = connected();
    o.client.receive(concat([o.server.keyUpdate(true), o.server.keyUpdate(true), o.server.keyUpdate(true), o.server.appData('z')]));
    expect(o.client.read().status).toBe('ok');
    o.server.respond(o.client.takeOutgoing());
    expect(o.server.receivedKeyUpdates).toEqual([0]);
    o.client.write(te.encode('still in step'));
    o.server.respond(o.client.takeOutgoing());
    expect(new TextDecoder().decode(o.server.received.at(-1))).toBe('still in step');
  });

  it('requestKeyUpdate() twice before the peer answers sends one request', () => {
    const o = connected();
    o.client.requestKeyUpdate();
    o.client.requestKeyUpdate();
    o.server.respond(o.client.takeOutgoing());
    expect(o.server.receivedKeyUpdates).toEqual([1]);
    // Once the peer's KeyUpdate arrived, a new request may go out.
    o.client.receive(o.server.keyUpdate(false));
    expect(o.client.read().status).toBe('want-read');
    o.client.requestKeyUpdate();
    o.server.respond(o.client.takeOutgoing());
    expect(o.server.receivedKeyUpdates).toEqual([1, 1]);
  });

  it('requestKeyUpdate(false) sends update_not_requested', () => {
    const o = connected();
    o.client.requestKeyUpdate(false);
    o.client.write(te.encode('new keys'));
    o.server.respond(o.client.takeOutgoing());
    expect(o.server.receivedKeyUpdates).toEqual([0]);
    expect(new TextDecoder().decode(o.server.received.at(-1))).toBe('new keys');
  });
});
