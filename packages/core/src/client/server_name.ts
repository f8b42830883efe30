/**
 * The server name, parsed once: it drives both the SNI we send (RFC 6066 §3) and the reference
 * identity the certificate is checked against (RFC 9525 §6: DNS-ID or IP-ID). One grammar, so a
 * string can never be an IP for one and a DNS name for the other.
 */
import { ApiMisuseError } from '../errors.js';
import { Limits } from '../limits.js';
import { punycodeDecode, punycodeEncode } from './punycode.js';

/**
 * A typed server name: a DNS name in A-label form (RFC 5890 §2.3.2.1), lower case, without the
 * trailing dot, or an IP address (4 or 16 bytes, with its canonical text form).
 */
export type ServerName =
  | { readonly kind: 'dns'; readonly name: string }
  | { readonly kind: 'ip'; readonly bytes: Uint8Array; readonly text: string };

/** Why a string is not a server name. */
export interface ServerNameProblem {
  /** Always `'invalid'`: tells a problem apart from a {@link ServerName} (`'dns'` or `'ip'`). */
  readonly kind: 'invalid';
  /** What is wrong, as a phrase that follows the name in a message, e.g. `'is empty'` or `'looks like host:port; ...'`. */
  readonly reason: string;
}

const problem = (reason: string): ServerNameProblem => ({ kind: 'invalid', reason });

/** RFC 4291 §2.2 and RFC 3986 §3.2.2 IPv4: four decimal octets, no leading zeros. */
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function parseIpv4(text: string): Uint8Array | undefined {
  return IPV4.test(text) ? Uint8Array.from(text.split('.'), Number) : undefined;
}

/** Hex groups of one side of `::`; a dotted quad may end the address (RFC 4291 §2.2 form 3). */
function ipv6Groups(part: string, mayEndInIpv4: boolean): number[] | undefined {
  if (part === '') return [];
  const out: number[] = [];
  const items = part.split(':');
  for (const [i, g] of items.entries()) {
    const v4 = mayEndInIpv4 && i === items.length - 1 ? parseIpv4(g) : undefined;
    if (v4 !== undefined) out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
    else if (/^[0-9a-fA-F]{1,4}$/.test(g)) out.push(parseInt(g, 16));
    else return undefined;
  }
  return out;
}

/** RFC 4291 §2.2 text forms: eight groups, or fewer with exactly one `::`. */
function parseIpv6(text: string): Uint8Array | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = ipv6Groups(halves[0]!, halves.length === 1);
  const tail = halves.length === 2 ? ipv6Groups(halves[1]!, true) : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => { out[2 * i] = g >> 8; out[2 * i + 1] = g & 0xff; });
  return out;
}

/** RFC 5952 §4: lower case, no leading zeros, the longest run of two or more zero groups as `::`. */
function formatIpv6(bytes: Uint8Array): string {
  const groups = Array.from({ length: 8 }, (_, i) => (bytes[2 * i]! << 8) | bytes[2 * i + 1]!);
  let best = { at: -1, len: 1 };
  for (let i = 0; i < 8; i++) {
    let len = 0;
    while (i + len < 8 && groups[i + len] === 0) len++;
    if (len > best.len) best = { at: i, len };
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(':');
  // §5: an IPv4-mapped address keeps its dotted-quad tail.
  if (best.at === 0 && best.len === 5 && groups[5] === 0xffff) return `::ffff:${bytes.subarray(12).join('.')}`;
  if (best.at < 0) return hex(groups);
  return `${hex(groups.slice(0, best.at))}::${hex(groups.slice(best.at + best.len))}`;
}

/**
 * WHATWG URL §3.5 "ends in a number": the last label is all digits or 0x-hex. Such a name is an
 * IPv4 address to a URL parser (`127.1`, `0x7f.1`, `2130706433`); not being canonical, it is
 * refused rather than sent as a DNS name that every resolver reads as an address.
 */
function endsInNumber(labels: readonly string[]): boolean {
  const last = labels[labels.length - 1] === '' && labels.length > 1 ? labels[labels.length - 2]! : labels[labels.length - 1]!;
  return /^\d+$/.test(last) || /^0x[0-9a-f]*$/i.test(last);
}

/** RFC 5891 §4.2.3.1 hyphen rules and RFC 1123 §2.1 LDH, plus `_` as seen on private names. */
const ASCII_LABEL = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$/;
/** A U-label's characters: letters, marks and digits of any script, and the hyphen (RFC 5892 §2). */
const U_LABEL = /^[\p{L}\p{N}-][\p{L}\p{M}\p{N}-]*$/u;

/** One mapped label as an A-label, or the reason it cannot be one. */
function toALabel(mapped: string): string | ServerNameProblem {
  if (mapped === '') return problem('has an empty label');
  // Bounds the quadratic encoder: an A-label has at least one octet per code point.
  if ([...mapped].length > Limits.maxDnsLabelLength) return problem(`has a label longer than ${Limits.maxDnsLabelLength} octets`);
  if (/^[\u0000-\u007f]*$/.test(mapped)) {
    if (!ASCII_LABEL.test(mapped)) return problem(`has an invalid label ${JSON.stringify(mapped)} (letters, digits, hyphens; no hyphen at either end)`);
    return mapped.startsWith('xn--') && !isValidALabel(mapped) ? problem(`has an invalid A-label ${JSON.stringify(mapped)}`) : mapped;
  }
  if (!isValidULabel(mapped)) return problem(`has an invalid internationalized label ${JSON.stringify(mapped)}`);
  const aLabel = `xn--${punycodeEncode(mapped)}`;
  return aLabel.length <= Limits.maxDnsLabelLength ? aLabel : problem(`has a label longer than ${Limits.maxDnsLabelLength} octets`);
}

/** RFC 5891 §4.2.3: script characters only, no hyphen at the end, none in positions 3 and 4. */
function isValidULabel(label: string): boolean {
  return /[^\u0000-\u007f]/.test(label) && U_LABEL.test(label) && !label.endsWith('-') && label.slice(2, 4) !== '--';
}

/**
 * RFC 5891 §5.3: an A-label must decode to a valid U-label, already in mapped form, that encodes
 * back to the same A-label; `xn--a` or `xn--abc-` (decoding to ASCII) are not A-labels.
 */
function isValidALabel(label: string): boolean {
  const u = punycodeDecode(label.slice(4));
  return u !== undefined && isValidULabel(u) && mapName(u) === u && `xn--${punycodeEncode(u)}` === label;
}

/** RFC 3490 §3.1: the ideographic and fullwidth full stops separate labels too. */
const LABEL_SEPARATORS = /[\u3002\uff0e\uff61]/g;
/** Text of printable ASCII only (U+0021 to U+007E). */
const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;

/**
 * UTS #46 §5 code points "ignored" (mapped to nothing): soft hyphen, combining grapheme joiner,
 * Mongolian free variation selectors, zero width space, word joiner, invisible plus, variation
 * selectors, BOM, shorthand format controls.
 */
const IGNORED = /[\u00ad\u034f\u180b-\u180f\u200b\u2060\u2064\ufe00-\ufe0f\ufeff]|\u{1bca0}|\u{1bca1}|\u{1bca2}|\u{1bca3}/gu;

/**
 * RFC 5895 §2 / UTS #46 mapping, approximated: ignored code points dropped, compatibility forms
 * folded (fullwidth letters and digits, U+2024), lower case, NFC. Done on the whole name before
 * anything is decided, so that a fullwidth `１２７．０．０．１` is judged as the `127.0.0.1`
 * every IDNA library makes of it.
 */
function mapName(text: string): string {
  // Printable ASCII is its own NFKC and NFC form and holds no ignored code point or ideographic
  // separator: lowercasing is the whole mapping, without two ICU normalizations per connection.
  if (PRINTABLE_ASCII.test(text)) return text.toLowerCase();
  return text.replace(IGNORED, '').normalize('NFKC').toLowerCase().normalize('NFC').replace(LABEL_SEPARATORS, '.');
}

function parseDnsName(text: string): ServerName | ServerNameProblem {
  const labels = mapName(text).split('.');
  if (endsInNumber(labels)) return problem('is not a canonical IPv4 address (four decimal octets 0-255, no leading zeros, no trailing dot)');
  // One trailing dot marks an absolute name; SNI and DNS-IDs carry it without (RFC 6066 §3).
  if (labels.length > 1 && labels[labels.length - 1] === '') labels.pop();
  const out: string[] = [];
  for (const label of labels) {
    const a = toALabel(label);
    if (typeof a !== 'string') return a;
    out.push(a);
  }
  const name = out.join('.');
  if (name.length > Limits.maxServerNameLength) return problem(`is longer than ${Limits.maxServerNameLength} octets`);
  return { kind: 'dns', name };
}

/** An IP literal (IPv6 possibly in brackets), or undefined when the text is not one. */
function parseIpLiteral(text: string): ServerName | ServerNameProblem | undefined {
  const bracketed = /^\[(.*)\]$/.exec(text);
  const inner = bracketed ? bracketed[1]! : text;
  if (inner.includes('%')) return problem('has an IPv6 zone identifier, which no certificate can name');
  const v4 = bracketed ? undefined : parseIpv4(inner);
  if (v4 !== undefined) return { kind: 'ip', bytes: v4, text: inner };
  const v6 = inner.includes(':') ? parseIpv6(inner) : undefined;
  if (v6 !== undefined) return { kind: 'ip', bytes: v6, text: formatIpv6(v6) };
  if (bracketed) return problem('is bracketed but not an IPv6 address');
  if (/^[^:]*:\d*$/.test(text) || /^\[.*\]:\d*$/.test(text)) return problem('looks like host:port; give the port to the transport, not in the server name');
  if (text.includes(':')) return problem('contains ":" but is neither an IPv6 address nor host:port (a URL is not a server name)');
  return undefined;
}

/**
 * Classifies a server name without throwing: the typed name, or the reason it is not one.
 *
 * @example
 * tryParseServerName('Bücher.example.'); // { kind: 'dns', name: 'xn--bcher-kva.example' }
 * tryParseServerName('127.1').kind; // 'invalid'
 */
export function tryParseServerName(text: string): ServerName | ServerNameProblem {
  if (text === '') return problem('is empty');
  if (text.length > Limits.maxServerNameInput) return problem(`is longer than ${Limits.maxServerNameInput} characters`);
  return parseIpLiteral(text) ?? parseDnsName(text);
}

/**
 * Parses a server name once, for SNI and certificate identity alike. Refuses (ApiMisuseError)
 * non-canonical IPv4 forms (`127.1`, `0x7f.1`, `2130706433`, `0177.0.0.1`, `127.0.0.1.`),
 * `host:port`, empty labels and anything neither a DNS name nor an IP literal.
 *
 * @example
 * parseServerName('example.com.'); // { kind: 'dns', name: 'example.com' }
 * parseServerName('[::1]'); // { kind: 'ip', bytes: <16 bytes>, text: '::1' }
 */
export function parseServerName(text: string): ServerName {
  const r = tryParseServerName(text);
  if (r.kind === 'invalid') throw new ApiMisuseError(`invalid configuration: serverName ${JSON.stringify(text)} ${r.reason}`);
  return r;
}
