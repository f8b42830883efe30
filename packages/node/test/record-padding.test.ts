// Record padding on the wire (RFC 9846 §5.4): through a TCP relay that records what the client
// sends, every protected record of a connection with { blockSize } padding has a TLSInnerPlaintext
// length that is a multiple of the block (or the record's limit); openssl s_server strips it and
// answers as usual.
import { describe, expect, it } from 'vitest';
import { relay } from './helpers/relay.js';
import { closers, closeAfterEachTest, httpGet, open, server, T } from './helpers/openssl_client.js';

closeAfterEachTest();

/** Record headers in the bytes the client sent. */
function records(chunks: Buffer[]): { type: number; length: number }[] {
  const all = Buffer.concat(chunks);
  const out: { type: number; length: number }[] = [];
  for (let at = 0; at + 5 <= all.length; at += 5 + all.readUInt16BE(at + 3)) out.push({ type: all[at]!, length: all.readUInt16BE(at + 3) });
  return out;
}

describe('record padding through a relay', () => {
  it.each([128, 512, 4096])('blockSize %d: every protected record we send is padded to the block', async (blockSize) => {
    const srv = await server(['-www']);
    const r = await relay(srv.port);
    closers.push(() => void r.close());
    const next = r.next();
    const s = await open(r.port, 'p256', { engine: { recordPadding: { blockSize } } });
    const pair = await next;
    expect(await httpGet(s)).toMatch(/^HTTP\/1\.0 200 ok/);
    const sent = records(pair.fromClient).filter((x) => x.type === 23);
    expect(sent.length).toBeGreaterThanOrEqual(2); // Finished, the request (and close_notify)
    for (const x of sent) expect((x.length - 16) % blockSize === 0 || x.length - 16 === 16385).toBe(true);
  }, T);

  it('no padding by default: the request record is content + type + tag', async () => {
    const srv = await server(['-www']);
    const r = await relay(srv.port);
    closers.push(() => void r.close());
    const next = r.next();
    const s = await open(r.port, 'p256');
    const pair = await next;
    await httpGet(s);
    const lengths = records(pair.fromClient).filter((x) => x.type === 23).map((x) => x.length);
    expect(lengths).toContain('GET / HTTP/1.0\r\n\r\n'.length + 1 + 16);
  }, T);
});
