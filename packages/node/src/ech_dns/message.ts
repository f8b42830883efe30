/**
 * The DNS messages of the lookup, through dns-packet: our query (type HTTPS = 65, class IN,
 * recursion desired, EDNS0 with our payload size) and the checks a response must pass before its
 * answers count: our id, the QR bit, opcode QUERY, our question (RFC 5452 §9.1: accept only
 * answers matching id and question), the whole message decoded, nothing left over. dns-packet
 * throws on malformed input; every decode here is caught and becomes a typed failure.
 */
import * as dnsPacket from 'dns-packet';
import { isIP } from 'node:net';
import { DnsServerFailure } from './errors.js';
import { EchDnsLimits } from './limits.js';

/** The HTTPS RR type (RFC 9460 §14.1), which dns-packet names by number only. */
export const HTTPS_TYPE = 65;
const HTTPS_NAME = `UNKNOWN_${HTTPS_TYPE}` as dnsPacket.RecordType;

/**
 * What a response says, once it passed the checks.
 *
 * @example
 * const r: DnsAnswer = readResponse(bytes, { id, name }); if (r.kind === 'answer') r.rdatas;
 */
export type DnsAnswer =
  /** Not an answer to our query (another id, not a response, another question): ignore it. */
  | { kind: 'stray'; why: string }
  /** TC=1: ask again over TCP (RFC 7766 §5). */
  | { kind: 'truncated' }
  /** NXDOMAIN: the name does not exist. */
  | { kind: 'nxdomain' }
  /** NOERROR: the HTTPS RDATAs at `owner` (the query name, or the end of a CNAME chain in the answer). */
  | { kind: 'answer'; owner: string; rdatas: Uint8Array[] };

/**
 * An answer that ends a lookup at one server: not one to ignore or to ask again over TCP.
 *
 * @example
 * const final: FinalAnswer = { kind: 'nxdomain' };
 */
export type FinalAnswer = Exclude<DnsAnswer, { kind: 'stray' | 'truncated' }>;

/**
 * A name as a DNS query name: lower case, no final dot; undefined if it cannot be one (an IP
 * literal, an empty or over-long label, a byte outside host names).
 *
 * @example
 * queryName('Example.COM.'); // 'example.com'
 */
export function queryName(name: string): string | undefined {
  const n = name.toLowerCase().replace(/\.$/, '');
  if (isIP(n) !== 0 || n.length === 0 || n.length > EchDnsLimits.maxNameWire - 2) return undefined;
  return n.split('.').every((l) => l.length > 0 && l.length <= EchDnsLimits.maxLabel && /^[a-z0-9_-]+$/.test(l)) ? n : undefined;
}

/**
 * Our query for `name`'s HTTPS records (RFC 9460 §9), with EDNS0 (RFC 6891) offering
 * `EchDnsLimits.udpPayloadSize` bytes.
 *
 * @example
 * socket.send(buildQuery(0x1234, 'example.com'));
 */
export function buildQuery(id: number, name: string): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type: HTTPS_NAME, class: 'IN', name }],
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: EchDnsLimits.udpPayloadSize, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }],
  });
}

const sameName = (a: string, b: string): boolean => a.toLowerCase().replace(/\.$/, '') === b.toLowerCase().replace(/\.$/, '');

/** The name `start` leads to through the answer's CNAMEs (bounded, loops refused). */
function followCnames(answers: readonly dnsPacket.Answer[], start: string): string {
  let current = start;
  const seen = new Set([current.toLowerCase()]);
  for (;;) {
    const cname = answers.find((a) => a.type === 'CNAME' && sameName(a.name, current));
    if (cname === undefined) return current;
    const target = String((cname as { data: unknown }).data);
    if (seen.has(target.toLowerCase()) || seen.size > EchDnsLimits.maxCnameChain) throw new DnsServerFailure('a CNAME chain in the answer loops or is too long');
    seen.add(target.toLowerCase());
    current = target;
  }
}

/**
 * Checks and reads a response to our query `{ id, name }`. Throws DnsServerFailure when the
 * message is ours (id and QR) but unusable: malformed, an error rcode (SERVFAIL, REFUSED, ...).
 *
 * @example
 * const r = readResponse(datagram, { id, name: 'example.com' }); if (r.kind === 'stray') keepWaiting();
 */
export function readResponse(bytes: Uint8Array, expected: { id: number; name: string }): DnsAnswer {
  if (bytes.length < 12) return { kind: 'stray', why: 'shorter than a DNS header' };
  if (((bytes[0]! << 8) | bytes[1]!) !== expected.id) return { kind: 'stray', why: 'another id' };
  if ((bytes[2]! & 0x80) === 0) return { kind: 'stray', why: 'not a response (QR=0)' };
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  // dns-packet decodes opcode and rcode (as names) without typing them.
  let packet: dnsPacket.DecodedPacket & { opcode?: string; rcode?: string };
  try {
    packet = dnsPacket.decode(buf);
  } catch (e) {
    throw new DnsServerFailure(`malformed response (${(e as Error).message})`);
  }
  // dns-packet does not check that an RDATA fits its message (it clips it): the decoded length must be the message's.
  if (dnsPacket.decode.bytes !== buf.length) throw new DnsServerFailure('malformed response (its records do not fill the message exactly)');
  const q = packet.questions ?? [];
  if (q.length !== 1 || !sameName(q[0]!.name, expected.name) || (q[0]!.type as string) !== HTTPS_NAME || q[0]!.class !== 'IN') return { kind: 'stray', why: 'another question' };
  if (packet.opcode !== 'QUERY') return { kind: 'stray', why: `opcode ${String(packet.opcode)}` };
  if (packet.flag_tc === true) return { kind: 'truncated' };
  if (packet.rcode === 'NXDOMAIN') return { kind: 'nxdomain' };
  if (packet.rcode !== 'NOERROR') throw new DnsServerFailure(`rcode ${String(packet.rcode)}`);
  const answers = packet.answers ?? [];
  const owner = followCnames(answers, expected.name);
  const rdatas = answers
    .filter((a) => (a.type as string) === HTTPS_NAME && (a as { class?: string }).class === 'IN' && sameName(a.name, owner))
    .slice(0, EchDnsLimits.maxHttpsRecords)
    .map((a) => new Uint8Array((a as { data: Buffer }).data));
  return { kind: 'answer', owner: owner.toLowerCase().replace(/\.$/, ''), rdatas };
}
