// HTTPS (SVCB) RDATA and DNS responses built for the tests: an RDATA encoder written from RFC 9460
// §2.2 (params in the order given, so tests can break the rules), and param value helpers.

/** An uncompressed wire name (RFC 1035 §3.1); '.' is the root. */
export function wireName(name: string): Buffer {
  if (name === '.') return Buffer.of(0);
  return Buffer.concat([...name.split('.').map((l) => Buffer.concat([Buffer.of(l.length), Buffer.from(l, 'latin1')])), Buffer.of(0)]);
}

const u16 = (n: number): Buffer => { const b = Buffer.alloc(2); b.writeUInt16BE(n); return b; };

/** One HTTPS record's RDATA: priority, target, params in the order given (raw values). */
export function httpsRdata(priority: number, target: string, params: ReadonlyArray<readonly [number, Uint8Array]> = []): Buffer {
  return Buffer.concat([u16(priority), wireName(target), ...params.flatMap(([k, v]) => [u16(k), u16(v.length), Buffer.from(v)])]);
}

/** Param values. */
export const param = {
  mandatory: (...keys: number[]): readonly [number, Uint8Array] => [0, Buffer.concat(keys.map(u16))],
  alpn: (...ids: string[]): readonly [number, Uint8Array] => [1, Buffer.concat(ids.map((i) => Buffer.concat([Buffer.of(i.length), Buffer.from(i, 'latin1')])))],
  noDefaultAlpn: (): readonly [number, Uint8Array] => [2, Buffer.alloc(0)],
  port: (p: number): readonly [number, Uint8Array] => [3, u16(p)],
  ipv4hint: (...a: string[]): readonly [number, Uint8Array] => [4, Buffer.from(a.flatMap((x) => x.split('.').map(Number)))],
  ech: (list: Uint8Array): readonly [number, Uint8Array] => [5, list],
};

/** A well-formed ECHConfigList-shaped value: its u16 length prefix and `n` bytes (n >= 4). */
export function fakeConfigList(n = 8, fill = 0xab): Buffer {
  return Buffer.concat([u16(n), Buffer.alloc(n, fill)]);
}
