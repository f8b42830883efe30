/**
 * A strict reader of HTTPS resource record RDATA (RFC 9460 §2.2; the HTTPS type is SVCB's
 * wire format, §9): SvcPriority (u16), TargetName (an uncompressed wire name, §2.2: "MUST NOT
 * be compressed"), then SvcParams, keys strictly increasing (§2.2), each value length-checked
 * and, in ServiceMode, checked against its key's format (§7, RFC 9848 for `ech`). A record that
 * breaks any rule is skipped with a reason, never thrown on: one bad record must not hide the
 * good ones beside it, and nothing here throws a raw RangeError.
 */
import { EchDnsLimits } from './limits.js';

/** The SvcParamKeys we understand (RFC 9460 §14.3.2; `ech` is RFC 9848 §3). @example SvcParamKey.ech === 5 */
export const SvcParamKey = { mandatory: 0, alpn: 1, noDefaultAlpn: 2, port: 3, ipv4hint: 4, ech: 5, ipv6hint: 6 } as const;

/** Keys understood here: a `mandatory` list naming another one makes the record unusable (§8). */
const UNDERSTOOD: ReadonlySet<number> = new Set(Object.values(SvcParamKey));

/**
 * One HTTPS record, as read.
 *
 * @example
 * const r = parseHttpsRdata(rdata); if (r.ok && r.record.ech !== undefined) useEch(r.record.ech);
 */
export interface HttpsRecord {
  /** SvcPriority: 0 is AliasMode (§2.4.2), anything else ServiceMode, lower preferred (§2.4.1). */
  priority: number;
  /** TargetName, lower case without the final dot; `'.'` for the root (§2.5: "the owner name" in ServiceMode). */
  target: string;
  /** Every SvcParam, raw, in wire (= increasing key) order. AliasMode ignores them (§2.4.2). */
  params: ReadonlyMap<number, Uint8Array>;
  /** The `ech` value: an ECHConfigList (RFC 9848 §3). */
  ech?: Uint8Array;
  /** The `port` value (§7.2). */
  port?: number;
  /** The `alpn` protocol ids (§7.1), each as its bytes in latin1. */
  alpn?: string[];
}

/**
 * What reading one RDATA gave: the record, or why it is skipped.
 *
 * @example
 * const r: HttpsRdataResult = parseHttpsRdata(bytes); if (!r.ok) skipped.push(r.reason);
 */
export type HttpsRdataResult = { ok: true; record: HttpsRecord } | { ok: false; reason: string };

const HOST_BYTE = /^[a-z0-9_-]+$/;

/**
 * An uncompressed wire name at `at` (RFC 1035 §3.1): its labels joined with dots, lower case.
 * Only host-name bytes (letters, digits, `-`, `_`) are taken: the name may be dialled and queried.
 *
 * @example
 * readWireName(Uint8Array.of(1, 0x61, 0), 0); // { ok: true, name: 'a', end: 3 }
 */
export function readWireName(bytes: Uint8Array, at: number): { ok: true; name: string; end: number } | { ok: false; reason: string } {
  const labels: string[] = [];
  let i = at;
  let wire = 0;
  for (;;) {
    if (i >= bytes.length) return { ok: false, reason: 'TargetName runs past the RDATA' };
    const len = bytes[i]!;
    wire += len + 1;
    if (wire > EchDnsLimits.maxNameWire) return { ok: false, reason: 'TargetName longer than 255 octets' };
    if (len === 0) break;
    if ((len & 0xc0) !== 0) return { ok: false, reason: 'TargetName compressed or with a bad label type (RFC 9460 §2.2: MUST NOT be compressed)' };
    if (i + 1 + len > bytes.length) return { ok: false, reason: 'TargetName label runs past the RDATA' };
    const label = String.fromCharCode(...bytes.subarray(i + 1, i + 1 + len)).toLowerCase();
    if (!HOST_BYTE.test(label)) return { ok: false, reason: 'TargetName label with a byte that is not a host-name character' };
    labels.push(label);
    i += 1 + len;
  }
  return { ok: true, name: labels.length === 0 ? '.' : labels.join('.'), end: i + 1 };
}

const u16 = (b: Uint8Array, at: number): number => (b[at]! << 8) | b[at + 1]!;

/** Why `value` is not a valid `key` value in ServiceMode, or undefined (§7, RFC 9848 §3). */
function valueProblem(key: number, value: Uint8Array): string | undefined {
  switch (key) {
    case SvcParamKey.mandatory: {
      // §8: a non-empty list of u16 keys, strictly increasing, not naming `mandatory` itself.
      if (value.length === 0 || value.length % 2 !== 0) return 'mandatory: not a non-empty list of keys';
      for (let i = 0; i < value.length; i += 2) {
        const k = u16(value, i);
        if (k === SvcParamKey.mandatory) return 'mandatory lists mandatory itself';
        if (i > 0 && k <= u16(value, i - 2)) return 'mandatory: keys not strictly increasing';
      }
      return undefined;
    }
    case SvcParamKey.alpn: {
      // §7.1.1: a non-empty sequence of non-empty length-prefixed alpn-ids filling the value.
      if (value.length === 0) return 'alpn: empty';
      for (let i = 0; i < value.length; i += 1 + value[i]!) {
        if (value[i] === 0) return 'alpn: an empty protocol id';
        if (i + 1 + value[i]! > value.length) return 'alpn: a protocol id runs past the value';
      }
      return undefined;
    }
    case SvcParamKey.noDefaultAlpn: return value.length === 0 ? undefined : 'no-default-alpn: not empty';
    case SvcParamKey.port: return value.length !== 2 ? 'port: not 2 bytes' : u16(value, 0) === 0 ? 'port: 0' : undefined;
    case SvcParamKey.ipv4hint: return value.length > 0 && value.length % 4 === 0 ? undefined : 'ipv4hint: not a non-empty list of IPv4 addresses';
    case SvcParamKey.ipv6hint: return value.length > 0 && value.length % 16 === 0 ? undefined : 'ipv6hint: not a non-empty list of IPv6 addresses';
    case SvcParamKey.ech:
      // RFC 9848 §3: the value is an ECHConfigList, ECHConfig configs<4..2^16-1> (RFC 9849 §4): its own length prefix must fill it.
      return value.length >= 6 && u16(value, 0) === value.length - 2 ? undefined : 'ech: not an ECHConfigList (its length prefix does not fill the value)';
    default: return undefined;
  }
}

/** The alpn-ids of a checked `alpn` value. */
function alpnIds(value: Uint8Array): string[] {
  const ids: string[] = [];
  for (let i = 0; i < value.length; i += 1 + value[i]!) ids.push(String.fromCharCode(...value.subarray(i + 1, i + 1 + value[i]!)));
  return ids;
}

/** ServiceMode's rules across params (§8 mandatory, §7.1.1 no-default-alpn needs alpn). */
function serviceModeProblem(params: ReadonlyMap<number, Uint8Array>): string | undefined {
  for (const [key, value] of params) {
    const problem = valueProblem(key, value);
    if (problem !== undefined) return problem;
  }
  const mandatory = params.get(SvcParamKey.mandatory);
  if (mandatory !== undefined) {
    for (let i = 0; i < mandatory.length; i += 2) {
      const k = u16(mandatory, i);
      // §8: "Clients MUST ignore any SVCB RR with a key in mandatory that they do not support".
      if (!UNDERSTOOD.has(k)) return `mandatory lists key ${k}, which we do not support (RFC 9460 §8)`;
      if (!params.has(k)) return `mandatory lists key ${k}, which the record lacks (RFC 9460 §8)`;
    }
  }
  if (params.has(SvcParamKey.noDefaultAlpn) && !params.has(SvcParamKey.alpn)) return 'no-default-alpn without alpn (RFC 9460 §7.1.1)';
  return undefined;
}

/**
 * Reads one HTTPS (or SVCB) RDATA. Never throws: a malformed record is `{ ok: false, reason }`.
 *
 * @example
 * const r = parseHttpsRdata(answer.data); if (r.ok) console.log(r.record.priority, r.record.target);
 */
export function parseHttpsRdata(rdata: Uint8Array): HttpsRdataResult {
  if (rdata.length < 3) return { ok: false, reason: 'RDATA shorter than SvcPriority and a TargetName' };
  const priority = u16(rdata, 0);
  const name = readWireName(rdata, 2);
  if (!name.ok) return name;
  const params = new Map<number, Uint8Array>();
  let i = name.end;
  let last = -1;
  while (i < rdata.length) {
    if (params.size === EchDnsLimits.maxSvcParams) return { ok: false, reason: `more than ${EchDnsLimits.maxSvcParams} SvcParams` };
    if (i + 4 > rdata.length) return { ok: false, reason: 'SvcParam header runs past the RDATA' };
    const key = u16(rdata, i);
    const len = u16(rdata, i + 2);
    // §2.2: "SvcParamKeys SHALL appear in increasing numeric order"; a repeat is a malformed RR too.
    if (key <= last) return { ok: false, reason: key === last ? `SvcParam key ${key} repeated` : `SvcParam key ${key} after ${last} (keys must increase)` };
    if (i + 4 + len > rdata.length) return { ok: false, reason: `SvcParam ${key}: value runs past the RDATA` };
    params.set(key, rdata.slice(i + 4, i + 4 + len));
    last = key;
    i += 4 + len;
  }
  const record: HttpsRecord = { priority, target: name.name, params };
  // §2.4.2: in AliasMode, "recipients MUST ignore any SvcParams that are present".
  if (priority === 0) return { ok: true, record };
  const problem = serviceModeProblem(params);
  if (problem !== undefined) return { ok: false, reason: problem };
  const ech = params.get(SvcParamKey.ech);
  const port = params.get(SvcParamKey.port);
  const alpn = params.get(SvcParamKey.alpn);
  if (ech !== undefined) record.ech = ech;
  if (port !== undefined) record.port = u16(port, 0);
  if (alpn !== undefined) record.alpn = alpnIds(alpn);
  return { ok: true, record };
}
