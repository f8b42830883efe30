// connectOverWebSocket makes the ClientHello (and its key share) while the WebSocket opens, and
// sends it once open; a first flight that fails still ends as the engine's error, with the
// WebSocket closed. A scripted WebSocket stands in for the network.
import { TlsError } from '@puretls/core';
import { TrustStore, WebPkiVerifier } from '@puretls/x509';
import { describe, expect, it } from 'vitest';
import { connectOverWebSocket, type WebSocketLike } from '../src/index.js';
import { goodRoot } from './helpers/servers.js';

/** A WebSocket that opens when told to, records what is sent, and refuses sends before open. */
class ScriptedWebSocket implements WebSocketLike {
  static last: ScriptedWebSocket | undefined;
  binaryType = '';
  bufferedAmount = 0;
  readyState = 0;
  readonly sent: Uint8Array[] = [];
  /** Resolves at the first send. */
  readonly firstSend: Promise<void>;
  private sentOne!: () => void;
  closeCalls = 0;
  private readonly listeners = new Map<string, ((e: never) => void)[]>();
  constructor(readonly url: string) {
    ScriptedWebSocket.last = this;
    this.firstSend = new Promise((r) => (this.sentOne = r));
  }
  send(data: Uint8Array): void {
    if (this.readyState !== 1) throw new Error('InvalidStateError: still connecting');
    this.sent.push(data.slice());
    this.sentOne();
  }
  close(code = 1000): void {
    this.closeCalls++;
    if (this.readyState === 3) return;
    this.readyState = 3;
    queueMicrotask(() => this.emit('close', { code, reason: '' }));
  }
  addEventListener(type: string, listener: (e: never) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string, event: unknown): void {
    for (const l of this.listeners.get(type) ?? []) l(event as never);
  }
  open(): void {
    this.readyState = 1;
    this.emit('open', {});
  }
}

const verifier = () => new WebPkiVerifier({ roots: TrustStore.fromPem(goodRoot()) });

describe('connectOverWebSocket, the first flight', () => {
  it('is made before the WebSocket opens and sent as soon as it has', async () => {
    let randomCalls = 0;
    const random = (n: number) => (randomCalls++, globalThis.crypto.getRandomValues(new Uint8Array(n)));
    const connecting = connectOverWebSocket('ws://relay.invalid/', { serverName: 'localhost', verifier: verifier(), random }, { WebSocket: ScriptedWebSocket });
    const outcome = connecting.then(() => 'connected', (e: unknown) => e);
    const ws = ScriptedWebSocket.last!;
    expect(randomCalls).toBeGreaterThan(0); // client random and key share drawn
    expect(ws.sent).toEqual([]);
    ws.open();
    await ws.firstSend;
    expect(ws.sent[0]![0]).toBe(0x16); // a handshake record: the ClientHello
    ws.close(); // no server: end it
    expect(await outcome).toBeInstanceOf(TlsError);
  });

  it('that fails rejects with the engine\'s error and closes the WebSocket', async () => {
    const random = (): Uint8Array => {
      throw new Error('no randomness');
    };
    const connecting = connectOverWebSocket('ws://relay.invalid/', { serverName: 'localhost', verifier: verifier(), random }, { WebSocket: ScriptedWebSocket });
    const outcome = connecting.then(() => 'connected', (e: unknown) => e);
    const ws = ScriptedWebSocket.last!;
    ws.open();
    const e = await outcome;
    expect(e).toBeInstanceOf(TlsError);
    expect(ws.closeCalls).toBeGreaterThan(0);
  });
});
