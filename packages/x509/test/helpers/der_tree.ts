// A DER certificate as a tree of elements, for structure-aware mutations in the hostile-input
// tests: byte flips rarely produce an empty SEQUENCE where a field is expected, tree edits do.
import { DerReader } from '../../src/parse/der.js';
import { tlv } from './pki.js';

export interface DerNode { tag: number; children?: DerNode[]; bytes?: Uint8Array }

/** Parses DER into a tree: constructed elements (tag bit 0x20) are split into children. */
export function toTree(der: Uint8Array): DerNode {
  const e = new DerReader(der).read();
  return node(e.tag, e.value);
}

function node(tag: number, value: Uint8Array): DerNode {
  if ((tag & 0x20) === 0) return { tag, bytes: value };
  const r = new DerReader(value);
  const children: DerNode[] = [];
  while (!r.done) { const c = r.read(); children.push(node(c.tag, c.value)); }
  return { tag, children };
}

/** Serialises a tree back to DER (lengths recomputed). */
export function fromTree(n: DerNode): Uint8Array {
  return n.children === undefined ? tlv(n.tag, n.bytes!) : tlv(n.tag, ...n.children.map(fromTree));
}

/** Every node, depth first. */
export function allNodes(n: DerNode, out: DerNode[] = []): DerNode[] {
  out.push(n);
  for (const c of n.children ?? []) allNodes(c, out);
  return out;
}

/** The structural edits: empty a node, drop one child, duplicate one, or swap in a hostile string. */
export type TreeEdit = { kind: 'empty' | 'drop-child' | 'dup-child' | 'universal-string' | 'bmp-odd'; at: number; child: number };

/** Applies an edit to a copy of the certificate's tree and returns the DER. */
export function editTree(der: Uint8Array, edit: TreeEdit): Uint8Array {
  const root = toTree(der);
  const nodes = allNodes(root);
  const n = nodes[edit.at % nodes.length]!;
  const kids = n.children;
  if (edit.kind === 'empty') { if (kids) n.children = []; else n.bytes = new Uint8Array(0); }
  else if (edit.kind === 'drop-child' && kids && kids.length > 0) kids.splice(edit.child % kids.length, 1);
  else if (edit.kind === 'dup-child' && kids && kids.length > 0) { const i = edit.child % kids.length; kids.splice(i, 0, kids[i]!); }
  else if (edit.kind === 'universal-string') Object.assign(n, { tag: 0x1c, children: undefined, bytes: Uint8Array.of(0x00, 0x11, 0x00, 0x00) });
  else if (edit.kind === 'bmp-odd') Object.assign(n, { tag: 0x1e, children: undefined, bytes: Uint8Array.of(0x00, 0x41, 0x00) });
  return fromTree(root);
}
