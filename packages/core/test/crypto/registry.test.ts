// The provider owns the algorithm registry: a group, suite list or scheme list supplied by a
// provider reaches the wire and the handshake with no engine change, and the engine names no
// algorithm of its own outside the noble provider.
import { isGrease } from '../../src/client/grease.js';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { x25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { ApiMisuseError, TlsClient, nobleProvider, type ActiveKeyExchange, type CryptoProvider, type SupportedGroup } from '../../src/index.js';
import { ExtensionType } from '../../src/msgs/enums.js';

import { findExtension } from '../../src/msgs/extension.js';

import { decodeNamedGroupList } from '../../src/msgs/ext_bodies.js';
import { ScriptedServer } from '../helpers/scripted_server.js';
import { decodeClientHello, decodeKeyShareClient } from '../helpers/server_codecs.js';

/** A group the engine has never heard of: X25519 under a private-use codepoint (RFC 9846 §4.3.7). */
const PRIVATE_GROUP_ID = 0xfe42;
const privateGroup: SupportedGroup = {
  id: PRIVATE_GROUP_ID,
  name: 'private_x25519',
  start(random): ActiveKeyExchange {
    const sk = random(32);
    return { group: privateGroup, share: x25519.getPublicKey(sk), complete: (peer) => x25519.getSharedSecret(sk, peer), destroy: () => sk.fill(0) };
  },
};
const withPrivateGroup: CryptoProvider = { ...nobleProvider, groups: [privateGroup, ...nobleProvider.groups] };
const acceptAll = { verifyServerCertificate: () => {} };

/** Runs client and scripted server against each other until the client is done. */
function run(client: TlsClient, server: ScriptedServer): void {
  for (let i = 0; i < 10 && client.handshake() !== 'ok'; i++) {
    const answer = server.respond(client.takeOutgoing());
    if (answer.length > 0) client.receive(answer);
  }
  client.takeOutgoing();
}

/** The first ClientHello a client sends, decoded. */
function firstHello(client: TlsClient) {
  client.handshake();
  const out = client.takeOutgoing();
  return decodeClientHello(out.subarray(5 + 4));
}

describe('the provider supplies the algorithms', () => {
  it('a group added by a provider is offered, gets the key share, and completes a handshake', () => {
    const client = new TlsClient({ serverName: 'server', verifier: acceptAll, crypto: withPrivateGroup });
    const hello = firstHello(new TlsClient({ serverName: 'server', verifier: acceptAll, crypto: withPrivateGroup }));
    expect(decodeNamedGroupList(findExtension(hello.extensions, ExtensionType.supported_groups)!.data).filter((g) => !isGrease(g))[0]).toBe(PRIVATE_GROUP_ID);
    expect(decodeKeyShareClient(findExtension(hello.extensions, ExtensionType.key_share)!.data).map((k) => k.group).filter((g) => !isGrease(g))).toEqual([PRIVATE_GROUP_ID]);
    run(client, new ScriptedServer({ groups: [privateGroup] }));
    expect(client.isHandshakeComplete).toBe(true);
    expect(client.info!.group).toBe(PRIVATE_GROUP_ID);
  });

  it("the default offer is the provider's suite list, in its order", () => {
    const chachaOnly: CryptoProvider = { ...nobleProvider, cipherSuites: nobleProvider.cipherSuites.filter((s) => s.id === 0x1303) };
    expect(firstHello(new TlsClient({ serverName: 'server', verifier: acceptAll, crypto: chachaOnly })).cipherSuites.filter((c) => !isGrease(c))).toEqual([0x1303]);
    expect(firstHello(new TlsClient({ serverName: 'server', verifier: acceptAll })).cipherSuites.filter((c) => !isGrease(c))).toEqual([0x1301, 0x1302, 0x1303]);
  });

  it('a codepoint the provider does not supply is a configuration error', () => {
    const noP384: CryptoProvider = { ...nobleProvider, groups: nobleProvider.groups.filter((g) => g.id !== 0x0018) };
    expect(() => new TlsClient({ serverName: 's', verifier: acceptAll, crypto: noP384, groups: [0x0018] })).toThrow(ApiMisuseError);
    expect(() => new TlsClient({ serverName: 's', verifier: acceptAll, cipherSuites: [0x1304] })).toThrow(ApiMisuseError);
    // PKCS#1 v1.5 is in the registry for certificates only (RFC 9846 §4.5.2).
    expect(() => new TlsClient({ serverName: 's', verifier: acceptAll, signatureSchemes: [0x0401] })).toThrow(ApiMisuseError);
  });
});

describe('the engine names no algorithm of its own', () => {
  const src = fileURLToPath(new URL('../../src/', import.meta.url));
  const files = (function walk(dir: string): string[] {
    return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
  })(src);
  // The codepoint tables (msgs/enums.ts) name everything IANA registered; only the provider implements.
  const outsideProvider = files.filter((f) => !relative(src, f).startsWith('crypto/noble/') && relative(src, f) !== 'msgs/enums.ts');

  it('no group or AEAD name appears in code outside the noble provider and the codepoint tables', () => {
    const names = /'(x25519|secp256r1|secp384r1|aes-128-gcm|aes-256-gcm|chacha20-poly1305)'/;
    const hits = outsideProvider.filter((f) => names.test(readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '')));
    expect(hits.map((f) => relative(src, f))).toEqual([]);
  });
});
