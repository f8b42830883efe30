// A key exchange with completeAsync (WebCrypto's deriveBits) completes the ServerHello's share
// asynchronously: the handshake reports want-async, processes none of the server's encrypted
// flight until the secret is in (the handshake keys do not exist before), and a refused share or
// a failing provider ends it with the right alert, the key pair wiped.
import { describe, expect, it } from 'vitest';
import { NamedGroup, nobleProvider, TlsClient, type CryptoProvider, type SupportedGroup } from '../../src/index.js';
import { InvalidMessageError } from '../../src/errors.js';
import { acceptAll } from '../helpers/scripted_client.js';
import { ScriptedServer } from '../helpers/scripted_server.js';
import { releaseAndStep } from '../helpers/settled.js';

interface Gate {
  provider: CryptoProvider;
  settle: (how?: 'refuse' | 'broken') => void;
  destroyed: number;
}

/** noble, with secp256r1's exchanges completing through a gate the test opens. */
function gated(): Gate {
  const gate: Gate = { provider: nobleProvider, settle: () => {}, destroyed: 0 };
  const groups = nobleProvider.groups.map((g): SupportedGroup => g.id !== NamedGroup.secp256r1 ? g : {
    ...g,
    start: (random) => {
      const inner = g.start(random);
      return {
        ...inner,
        complete: inner.complete,
        completeAsync: (peer) => new Promise<Uint8Array>((resolve, reject) => {
          gate.settle = (how) => {
            if (how === 'refuse') reject(new InvalidMessageError('illegal_parameter', 'secp256r1 key share: point not on the curve'));
            else if (how === 'broken') reject(new Error('subtle broke'));
            else resolve(inner.complete(peer));
          };
        }),
        destroy: () => { gate.destroyed++; inner.destroy(); },
      };
    },
  });
  gate.provider = { ...nobleProvider, groups };
  return gate;
}

function start(gate: Gate) {
  const server = new ScriptedServer();
  const client = new TlsClient({ serverName: 'server', verifier: acceptAll, crypto: gate.provider, groups: [NamedGroup.secp256r1], keyShareGroups: [NamedGroup.secp256r1], grease: false });
  client.handshake();
  client.receive(server.respond(client.takeOutgoing()));
  return { server, client, status: client.handshake() };
}

const settle = (gate: Gate, r: ReturnType<typeof start>, how?: 'refuse' | 'broken') => releaseAndStep(r, () => gate.settle(how));

describe('the ServerHello share completed by completeAsync', () => {
  it('want-async after the ServerHello, nothing sent meanwhile; then the handshake completes', async () => {
    const gate = gated();
    const r = start(gate);
    expect(r.status).toBe('want-async');
    expect(r.client.takeOutgoing()).toHaveLength(0);
    expect(r.client.handshake()).toBe('want-async');
    expect(gate.destroyed).toBe(0); // the key pair is kept until its secret is in
    expect(await settle(gate, r)).toBeUndefined();
    expect(r.client.info?.groupName).toBe('secp256r1');
    expect(gate.destroyed).toBe(1);
    expect(r.server.receivedAlerts).toEqual([]);
  });

  it('a share the provider refuses is illegal_parameter, sent to the server', async () => {
    const gate = gated();
    const r = start(gate);
    const error = await settle(gate, r, 'refuse');
    expect(error?.alertName).toBe('illegal_parameter');
    expect(r.server.receivedAlerts).toContainEqual([2, 47]); // the alert reached the server
    expect(r.client.info).toBeUndefined();
    expect(gate.destroyed).toBe(1);
  });

  it('a provider whose completeAsync fails otherwise ends the handshake with internal_error, the key pair wiped', async () => {
    const gate = gated();
    const r = start(gate);
    const error = await settle(gate, r, 'broken');
    expect(error?.alertName).toBe('internal_error');
    expect(r.client.info).toBeUndefined();
    expect(gate.destroyed).toBe(1);
  });
});
