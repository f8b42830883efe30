// The committed RFC 8448 JSON must be exactly what convert.mjs makes from the shared source file.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../../../../test-vectors/rfc8448/', import.meta.url));
const source = dir + 'source/transcripts.vec';
const { convert } = (await import(dir + 'convert.mjs')) as { convert: (text: string) => Record<string, string> };

describe('test-vectors/rfc8448', () => {
  it('the source file is committed beside the JSON', () => {
    expect(existsSync(source)).toBe(true);
  });

  it('committed JSON equals a fresh conversion', () => {
    const files = convert(readFileSync(source, 'utf8'));
    expect(Object.keys(files).sort()).toEqual(['client-authentication.json', 'hello-retry-request.json', 'middlebox-compatibility.json', 'resumed-0rtt.json', 'simple-1rtt.json']);
    for (const [name, text] of Object.entries(files)) expect(readFileSync(dir + name, 'utf8'), name).toBe(text);
  });

  it('each trace has what the replays need, with the RNG pool sizes the README gives', () => {
    const pool: Record<string, number> = { 'simple-1rtt.json': 64, 'hello-retry-request.json': 96, 'middlebox-compatibility.json': 96 };
    for (const [name, bytes] of Object.entries(pool)) {
      const t = JSON.parse(readFileSync(dir + name, 'utf8')) as Record<string, unknown>;
      expect(typeof t.Record_ClientHello_1).toBe('string');
      expect((t.Client_RNG_Pool as string).length / 2).toBe(bytes);
      expect(typeof t.CurrentTimestamp).toBe('number');
    }
  });
});
