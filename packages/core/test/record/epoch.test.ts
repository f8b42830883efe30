// Key epochs only move forward (RFC 9846 §7.3); the application epoch alone is re-keyed (§4.7.3).
import { describe, expect, it } from 'vitest';
import { InternalError } from '../../src/errors.js';
import { checkEpochChange, type Epoch } from '../../src/record/epoch.js';

describe('record epochs', () => {
  it('move forward: plaintext, early, handshake, application, then KeyUpdates within application', () => {
    const path: Epoch[] = ['plaintext', 'early', 'handshake', 'application', 'application'];
    for (let i = 1; i < path.length; i++) expect(() => checkEpochChange(path[i - 1]!, path[i]!)).not.toThrow();
    expect(() => checkEpochChange('plaintext', 'handshake')).not.toThrow(); // no 0-RTT
  });

  it('never go back, never repeat an epoch other than application, never return to plaintext', () => {
    const bad: [Epoch, Epoch][] = [['application', 'handshake'], ['handshake', 'early'], ['handshake', 'handshake'], ['early', 'early'], ['handshake', 'plaintext']];
    for (const [from, to] of bad) expect(() => checkEpochChange(from, to)).toThrow(InternalError);
  });
});
