// KeyUpdate answers and requests (RFC 9846 §4.7.3) and silence after our close_notify (§6.1),
// against the scripted server.
import { describe, expect, it } from 'vitest';
import { concat } from '../helpers/scripted_server.js';
import { connected, te } from '../helpers/scripted_client.js';

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

  it('after our close_notify a peer error is raised but no alert goes out', () => {
    const o = connected();
    o.client.shutdown();
    o.server.respond(o.client.takeOutgoing());
    const rec = o.server.appData('x');
    rec[rec.length - 1]! ^= 1;
    o.client.receive(rec);
    expect(() => o.client.read()).toThrow(expect.objectContaining({ alertName: 'bad_record_mac' }));
    expect(o.client.takeOutgoing()).toHaveLength(0);
  });

  it('requestKeyUpdate() after shutdown() is API misuse', () => {
    const o = connected();
    o.client.shutdown();
    expect(() => o.client.requestKeyUpdate()).toThrow(expect.objectContaining({ category: 'api-misuse' }));
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
