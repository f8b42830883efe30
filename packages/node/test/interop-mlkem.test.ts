// The ML-KEM hybrids against a real server that negotiates them: Node 26 `tls` servers (OpenSSL
// 3.5, installed from npm by scripts/runtimes.mjs) on loopback, one offering only X25519MLKEM768,
// one only SecP256r1MLKEM768. Our client with a key share for the hybrid completes at once; with
// a key share for a classical group only, the server asks for the hybrid with a HelloRetryRequest.
// Data goes both ways. Both crypto providers. getEphemeralKeyInfo() is compared with what Node 26's
// own tls client reports for the same server. Through a relay that flips one bit of the server's
// ML-KEM ciphertext, decapsulation rejects implicitly: no error at the key share, but other keys
// than the server's, so the server's first encrypted record does not open (bad_record_mac).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupCodepoints } from '../src/names.js';
import type { TlsSocket } from '../src/index.js';
import { node26Binary, node26KeyInfo, NODE26_INSTALL_TIMEOUT_MS, startNode26Server, type Node26Server } from './helpers/node26.js';
import { lines, runCli } from './helpers/cli_run.js';
import { pki } from './helpers/openssl.js';
import { closeAfterEachTest, open, T } from './helpers/openssl_client.js';
import { relay, type ToClient } from './helpers/relay.js';

closeAfterEachTest();

const HYBRIDS = ['X25519MLKEM768', 'SecP256r1MLKEM768'] as const;
type Hybrid = (typeof HYBRIDS)[number];
/** The classical group a client offers beside each hybrid: the hybrid's own ECDH half. */
const CLASSICAL: Record<Hybrid, string> = { X25519MLKEM768: 'x25519', SecP256r1MLKEM768: 'p256' };

let node26 = '';
const servers: Partial<Record<Hybrid, Node26Server>> = {};
const port = (h: Hybrid) => servers[h]!.port;

beforeAll(async () => {
  node26 = await node26Binary();
  for (const h of HYBRIDS) servers[h] = await startNode26Server(node26, h);
}, NODE26_INSTALL_TIMEOUT_MS);

afterAll(async () => {
  for (const h of HYBRIDS) await servers[h]?.stop();
});

/** Writes `text` and resolves with the first `text.length` bytes echoed back. */
function echo(s: TlsSocket, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    s.setEncoding('utf8');
    s.on('error', reject);
    s.on('data', (d: string) => {
      got += d;
      if (got.length >= text.length) resolve(got);
    });
    s.write(text);
  });
}

it('the groups option and --groups know both hybrids, in either case', () => {
  expect(groupCodepoints('X25519MLKEM768')).toEqual([0x11ec]);
  expect(groupCodepoints(['x25519', 'x25519mlkem768'])).toEqual([0x1d, 0x11ec]);
  expect(groupCodepoints('SecP256r1MLKEM768,secp256r1mlkem768:p256')).toEqual([0x11eb, 0x11eb, 0x17]);
});

describe.each(HYBRIDS)('Node 26 tls server with ecdhCurve %s', (hybrid) => {
  describe.each(['node', 'noble'] as const)('crypto %s', (crypto) => {
    it(`groups [${hybrid}]: a key share for the hybrid, no HelloRetryRequest, data both ways`, async () => {
      const s = await open(port(hybrid), 'p256', { groups: [hybrid], crypto });
      expect(s.authorized).toBe(true);
      expect(s.info).toMatchObject({ groupName: hybrid, helloRetryRequest: false, ech: 'grease' }); // OpenSSL 3.5 ignores GREASE ECH
      expect(await echo(s, 'hybrid key exchange\n')).toBe('hybrid key exchange\n');
    }, T);

    it(`groups [classical, ${hybrid}]: the server asks for the hybrid (HelloRetryRequest), data both ways`, async () => {
      const s = await open(port(hybrid), 'p256', { groups: [CLASSICAL[hybrid], hybrid], crypto });
      expect(s.authorized).toBe(true);
      expect(s.info).toMatchObject({ groupName: hybrid, helloRetryRequest: true, ech: 'grease' }); // the same extension in both ClientHellos
      expect(await echo(s, 'after a retry\n')).toBe('after a retry\n');
    }, T);

    it('classical groups only: the server has no group in common and the handshake fails', async () => {
      await expect(open(port(hybrid), 'p256', { groups: ['x25519', 'p256', 'p384'], crypto })).rejects.toThrow();
    }, T);
  });

  it('getEphemeralKeyInfo() is what Node 26\'s own tls client reports: { type: \'TLSGroup\', name }', async () => {
    const theirs = await node26KeyInfo(node26, port(hybrid), hybrid);
    expect(theirs).toEqual({ type: 'TLSGroup', name: hybrid });
    const s = await open(port(hybrid), 'p256', { groups: [hybrid] });
    expect(s.getEphemeralKeyInfo()).toEqual(theirs);
  }, T);
});

it('the default groups (no SecP256r1MLKEM768 offered) get X25519MLKEM768 negotiated at once; a SecP256r1MLKEM768-only server has no group in common', async () => {
  const s = await open(port('X25519MLKEM768'), 'p256');
  expect(s.info).toMatchObject({ groupName: 'X25519MLKEM768', helloRetryRequest: false });
  await expect(open(port('SecP256r1MLKEM768'), 'p256')).rejects.toThrow();
}, T);

it('CLI: --groups secp256r1mlkem768 reaches the handshake; --verbose names the negotiated group', async () => {
  const r = await runCli(['connect', `localhost:${port('SecP256r1MLKEM768')}`, '--ca', `${pki}good/p256/root.pem`, '--groups', 'secp256r1mlkem768', '--verbose'], { input: 'over the hybrid\n' });
  expect(r.status).toBe(0);
  expect(r.stdout).toBe('over the hybrid\n');
  // The suite is the server's choice (Node's tls server prefers AES-256-GCM).
  expect(lines(r.stderr).filter((l) => l.startsWith('* TLSv1.3 '))).toEqual([expect.stringMatching(/^\* TLSv1\.3 TLS_\w+, group SecP256r1MLKEM768, server signature ecdsa_secp256r1_sha256$/)]);
}, T);

/** The server's key_share extension for `group` as ServerHello carries it: type 0x0033, length, group, key_exchange length. */
const KEY_SHARE: Record<Hybrid, { group: number; length: number; ciphertextAt: number }> = {
  X25519MLKEM768: { group: 0x11ec, length: 1088 + 32, ciphertextAt: 0 },
  SecP256r1MLKEM768: { group: 0x11eb, length: 65 + 1088, ciphertextAt: 65 },
};

/** A relay rewrite flipping the low bit of byte 100 of the ML-KEM ciphertext in the server's key share; `flipped()` says whether it did. */
function flipCiphertextBit(hybrid: Hybrid): { toClient: ToClient; flipped: () => boolean } {
  const { group, length, ciphertextAt } = KEY_SHARE[hybrid];
  const header = Buffer.from([0x00, 0x33, (length + 4) >> 8, (length + 4) & 0xff, group >> 8, group & 0xff, length >> 8, length & 0xff]);
  let seen = Buffer.alloc(0);
  let target: number | undefined;
  let done = false;
  const toClient: ToClient = (chunk, offset) => {
    if (target === undefined && seen.length < 4096) {
      seen = Buffer.concat([seen, chunk]);
      const at = seen.indexOf(header);
      if (at >= 0) target = at + header.length + ciphertextAt + 100;
    }
    if (target === undefined || target < offset || target >= offset + chunk.length) return chunk;
    const out = Buffer.from(chunk);
    out[target - offset]! ^= 1;
    done = true;
    return out;
  };
  return { toClient, flipped: () => done };
}

describe.each(HYBRIDS)('%s through a relay that flips a bit of the server\'s ML-KEM ciphertext', (hybrid) => {
  it.each(['node', 'noble'] as const)('crypto %s: implicit rejection, then bad_record_mac on the server\'s first encrypted record', async (crypto) => {
    const tamper = flipCiphertextBit(hybrid);
    const r = await relay(port(hybrid), tamper.toClient);
    try {
      const err = await open(r.port, 'p256', { groups: [hybrid], crypto }).then(() => undefined, (e: unknown) => e);
      expect(tamper.flipped()).toBe(true);
      expect(err).toMatchObject({ alertName: 'bad_record_mac' });
    } finally {
      await r.close();
    }
  }, T);
});
