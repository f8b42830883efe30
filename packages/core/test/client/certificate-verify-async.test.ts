// A signature scheme with verifyAsync (WebCrypto's subtle.verify) checks the server's
// CertificateVerify asynchronously (RFC 9846 §4.5.2): the handshake reports want-async, handles
// nothing after the CertificateVerify (the server's Finished) until the verdict is in, and a false
// verdict or a failing provider ends it with the right alert.
import { describe, expect, it } from 'vitest';
import { nobleProvider, SignatureScheme, TlsClient, type CryptoProvider } from '../../src/index.js';
import { acceptAll } from '../helpers/scripted_client.js';
import { ScriptedServer } from '../helpers/scripted_server.js';
import { releaseAndStep } from '../helpers/settled.js';

/** A verdict the test settles by hand, and how often the synchronous verify ran. */
interface Gate {
  provider: CryptoProvider;
  settle: (v: boolean | Error) => void;
  asked: number;
  syncCalls: number;
}

/** noble, with rsa_pss_rsae_sha256 (the scripted server's CertificateVerify) answering through a gate. */
function gated(): Gate {
  const gate: Gate = { provider: nobleProvider, settle: () => {}, asked: 0, syncCalls: 0 };
  const signatureSchemes = nobleProvider.signatureSchemes.map((s) => s.id !== SignatureScheme.rsa_pss_rsae_sha256 ? s : {
    ...s,
    verify: (...a: Parameters<typeof s.verify>) => { gate.syncCalls++; return s.verify(...a); },
    verifyAsync: (...a: Parameters<typeof s.verify>) => {
      gate.asked++;
      const real = s.verify(...a);
      return new Promise<boolean>((resolve, reject) => { gate.settle = (v) => (v instanceof Error ? reject(v) : resolve(v && real)); });
    },
  });
  gate.provider = { ...nobleProvider, signatureSchemes };
  return gate;
}

/** The server's whole first flight handed to the client at once: the handshake stops at the CertificateVerify. */
function upToVerdict(gate: Gate) {
  const server = new ScriptedServer();
  const client = new TlsClient({ serverName: 'server', verifier: acceptAll, crypto: gate.provider });
  client.handshake();
  client.receive(server.respond(client.takeOutgoing()));
  return { server, client, status: client.handshake() };
}

/** Settles the gate, then drives the handshake to its end. */
const finish = (gate: Gate, r: ReturnType<typeof upToVerdict>, verdict: boolean | Error) => releaseAndStep(r, () => gate.settle(verdict));

describe('CertificateVerify checked by verifyAsync', () => {
  it('want-async at the CertificateVerify, no Finished before the verdict; then the handshake completes', async () => {
    const gate = gated();
    const r = upToVerdict(gate);
    expect(r.status).toBe('want-async');
    expect(gate.asked).toBe(1);
    expect(r.client.takeOutgoing()).toHaveLength(0); // our Finished waits for the verdict
    expect(r.client.handshake()).toBe('want-async'); // asking again changes nothing
    expect(r.client.info).toBeUndefined();
    expect(await finish(gate, r, true)).toBeUndefined();
    expect(r.client.info).toBeDefined();
    expect(r.server.receivedAlerts).toEqual([]);
    expect(gate.syncCalls).toBe(0);
  });

  it('a false verdict is decrypt_error, sent to the server', async () => {
    const gate = gated();
    const r = upToVerdict(gate);
    const error = await finish(gate, r, false);
    expect(error?.alertName).toBe('decrypt_error');
    expect(error?.message).toContain('CertificateVerify signature');
    expect(r.server.receivedAlerts).toContainEqual([2, 51]);
    expect(r.client.info).toBeUndefined();
  });

  it('a provider whose verifyAsync rejects ends the handshake with internal_error', async () => {
    const gate = gated();
    const r = upToVerdict(gate);
    const error = await finish(gate, r, new Error('subtle broke'));
    expect(error?.alertName).toBe('internal_error');
    expect(r.server.receivedAlerts).toContainEqual([2, 80]);
    expect(r.client.info).toBeUndefined();
  });
});
