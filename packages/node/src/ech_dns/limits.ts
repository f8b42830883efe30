/**
 * Every bound of the ECH-from-DNS lookup (RFC 9460 HTTPS records, RFC 9848 `ech`), in one place:
 * a hostile resolver, DoH server or record must not make us buffer, wait or loop without bound.
 *
 * @example
 * if (datagram.length > EchDnsLimits.maxUdpResponse) return; // not an answer of ours
 */
export const EchDnsLimits = {
  /**
   * The EDNS0 UDP payload size we advertise (RFC 6891 §6.2.5) and the largest datagram we read:
   * 1232 bytes, the DNS Flag Day 2020 value (no IP fragmentation on IPv6's minimum MTU). A bigger
   * answer comes with TC=1 and is asked again over TCP.
   */
  udpPayloadSize: 1232,
  /** Largest datagram considered at all (a server ignoring our payload size still cannot exceed a UDP datagram). */
  maxUdpResponse: 65_535,
  /** Largest DNS message over TCP: its 2-byte length prefix (RFC 1035 §4.2.2) caps it at 65535. */
  maxTcpResponse: 65_535,
  /** Largest DoH response body: a DNS message, 65535 bytes at most (RFC 8484 §6: the TCP limit). */
  maxDohBody: 65_535,
  /**
   * Datagrams that do not answer our query (wrong id, not a response, another question) ignored
   * per server before giving up on it: a spoofer must not keep us reading forever within the timeout.
   */
  maxStrayDatagrams: 32,
  /** Default per-query timeout in ms, per server (the resolver's answer, or the DoH exchange). */
  defaultTimeoutMs: 5_000,
  /** Most servers tried, in order, for one query (resolv.conf allows 3; a longer list is cut). */
  maxServers: 8,
  /**
   * AliasMode hops followed (RFC 9460 §2.4.2: chains SHOULD be bounded, "e.g. 8" is the common
   * choice, with loops detected); more is not found.
   */
  maxAliasChain: 8,
  /** CNAME records followed inside one answer (RFC 9460 §2.4.3 lets HTTPS names be CNAMEs). */
  maxCnameChain: 8,
  /** HTTPS records of one answer considered; the rest are ignored (no real RRset is near this). */
  maxHttpsRecords: 64,
  /** SvcParams in one record; more makes the record malformed (RFC 9460 defines 7 keys, a few more are registered). */
  maxSvcParams: 64,
  /** Largest DNS name in presentation form (RFC 1035 §3.1: 255 octets on the wire). */
  maxNameWire: 255,
  /** Largest label (RFC 1035 §2.3.4). */
  maxLabel: 63,
} as const;
