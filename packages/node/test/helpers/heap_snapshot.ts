// Reading V8 heap snapshots (the .heapsnapshot JSON of v8.writeHeapSnapshot) for the idle-memory
// test: bytes and object counts by node type and constructor (or closure) name.
import { readFileSync } from 'node:fs';

/** Bytes and counts of one kind of heap node. */
export interface Kind { bytes: number; count: number }

/**
 * Every node of the snapshot at `path` by `type:name` (e.g. `object:TlsSocket`, `closure:onData`,
 * `native:system / JSArrayBufferData` for ArrayBuffer stores); strings and numbers by type only.
 * Compiled code, feedback and other `code` nodes are left out: they belong to functions, not to
 * connections, and depend on how warm the JIT is.
 *
 * @example
 * const kinds = heapKinds('/tmp/a.heapsnapshot'); kinds.get('object:TlsSocket')?.count;
 */
export function heapKinds(path: string): Map<string, Kind> {
  const snapshot = JSON.parse(readFileSync(path, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const [width, typeAt, nameAt, sizeAt] = [fields.length, fields.indexOf('type'), fields.indexOf('name'), fields.indexOf('self_size')];
  const kinds = new Map<string, Kind>();
  const nodes = snapshot.nodes;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt]!]!;
    if (type === 'code') continue;
    const named = type === 'object' || type === 'closure' || type === 'native' || type === 'synthetic' || type === 'hidden' || type === 'array';
    const key = named ? `${type}:${snapshot.strings[nodes[i + nameAt]!]!.slice(0, 60)}` : type;
    const kind = kinds.get(key);
    if (kind === undefined) kinds.set(key, { bytes: nodes[i + sizeAt]!, count: 1 });
    else {
      kind.bytes += nodes[i + sizeAt]!;
      kind.count++;
    }
  }
  return kinds;
}

/**
 * What `after` holds beyond `before`, per unit of `n` (per connection), largest first.
 *
 * @example
 * const per = perUnit(heapKinds(a), heapKinds(b), 200); per.reduce((s, k) => s + k.bytes, 0);
 */
export function perUnit(before: Map<string, Kind>, after: Map<string, Kind>, n: number): (Kind & { kind: string })[] {
  const out: (Kind & { kind: string })[] = [];
  for (const [kind, b] of after) {
    const a = before.get(kind) ?? { bytes: 0, count: 0 };
    out.push({ kind, bytes: (b.bytes - a.bytes) / n, count: (b.count - a.count) / n });
  }
  for (const [kind, a] of before) if (!after.has(kind)) out.push({ kind, bytes: -a.bytes / n, count: -a.count / n });
  return out.sort((x, y) => y.bytes - x.bytes);
}
