// A DNS server for the tests on 127.0.0.1 (UDP and TCP on one free port), answering HTTPS (type
// 65) queries from a zone function built with dns-packet: normal answers, TC=1 (the client must
// ask again over TCP), a wrong-id datagram first, NXDOMAIN, SERVFAIL, no answer, silence, CNAMEs.
// Plus a DoH server (RFC 8484 POST) over https with the good/rsa fixture chain (SAN 127.0.0.1).
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import * as dnsPacket from 'dns-packet';
import { fixture } from './node_servers.js';

/** What the zone answers for one query. */
export interface Reply {
  rcode?: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL';
  /** HTTPS records: owner name and RDATA. */
  https?: { name: string; rdata: Uint8Array }[];
  cnames?: { name: string; target: string }[];
  /** UDP only: answer with TC=1 and no records (the TCP answer is the full one). */
  truncate?: boolean;
  /** UDP only: first send a datagram with another id saying NXDOMAIN (the client must ignore it). */
  wrongIdFirst?: boolean;
  /** Send nothing. */
  silent?: boolean;
}

export type Zone = (name: string, transport: 'udp' | 'tcp' | 'doh') => Reply;

const RCODE = { NOERROR: 0, NXDOMAIN: 3, SERVFAIL: 2 } as const;

/** The response to `query` the zone gives, or undefined for silence. */
export function respond(query: Buffer, zone: Zone, transport: 'udp' | 'tcp' | 'doh'): Buffer[] {
  const q = dnsPacket.decode(query);
  const question = q.questions![0]!;
  const reply = zone(question.name.toLowerCase(), transport);
  if (reply.silent === true) return [];
  const tc = transport === 'udp' && reply.truncate === true;
  const answers = tc ? [] : [
    ...(reply.cnames ?? []).map((c) => ({ type: 'CNAME' as const, name: c.name, ttl: 60, data: c.target })),
    ...(reply.https ?? []).map((h) => ({ type: 'UNKNOWN_65' as dnsPacket.RecordType, class: 'IN' as const, name: h.name, ttl: 60, data: Buffer.from(h.rdata) })),
  ];
  const flags = dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (tc ? dnsPacket.TRUNCATED_RESPONSE : 0) | RCODE[reply.rcode ?? 'NOERROR'];
  const out = dnsPacket.encode({ type: 'response', id: q.id ?? 0, flags, questions: [question], answers: answers as dnsPacket.Answer[] });
  if (transport !== 'udp' || reply.wrongIdFirst !== true) return [out];
  // Another id, and an answer that would fail the lookup if taken (NXDOMAIN).
  const wrong = dnsPacket.encode({ type: 'response', id: ((q.id ?? 0) + 1) & 0xffff, flags: dnsPacket.RECURSION_DESIRED | RCODE.NXDOMAIN, questions: [question] });
  return [wrong, out];
}

export interface DnsServerHandle {
  port: number;
  /** `127.0.0.1:PORT`. */
  address: string;
  /** Every query seen: its name and transport. */
  queries: { name: string; transport: 'udp' | 'tcp' }[];
  close: () => Promise<void>;
}

async function bindUdp(): Promise<UdpSocket> {
  const udp = createSocket('udp4');
  await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r));
  return udp;
}

/** Starts the server; UDP and TCP on the same free port (a few tries if the TCP port is taken). */
export async function dnsServer(zone: Zone): Promise<DnsServerHandle> {
  const queries: DnsServerHandle['queries'] = [];
  const sockets = new Set<Socket>();
  for (let attempt = 0; ; attempt++) {
    const udp = await bindUdp();
    const port = (udp.address() as AddressInfo).port;
    const tcp: Server = createTcpServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
      let buf = Buffer.alloc(0);
      s.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        if (buf.length < 2 || buf.length < 2 + buf.readUInt16BE(0)) return;
        const query = buf.subarray(2, 2 + buf.readUInt16BE(0));
        queries.push({ name: dnsPacket.decode(query).questions![0]!.name.toLowerCase(), transport: 'tcp' });
        for (const m of respond(query, zone, 'tcp')) { const len = Buffer.alloc(2); len.writeUInt16BE(m.length); s.write(Buffer.concat([len, m])); }
      });
    });
    const ok = await new Promise<boolean>((r) => { tcp.once('error', () => r(false)); tcp.listen(port, '127.0.0.1', () => r(true)); });
    if (!ok) {
      udp.close();
      if (attempt < 5) continue;
      throw new Error('no free port for UDP and TCP together');
    }
    udp.on('message', (msg, rinfo) => {
      queries.push({ name: dnsPacket.decode(msg).questions![0]!.name.toLowerCase(), transport: 'udp' });
      for (const m of respond(msg, zone, 'udp')) udp.send(m, rinfo.port, rinfo.address);
    });
    return {
      port, address: `127.0.0.1:${port}`, queries,
      close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); udp.close(); tcp.close(() => r()); }),
    };
  }
}

/** A DoH server (RFC 8484 §4.1 POST) at https://127.0.0.1:PORT/dns-query; `http` overrides status or content type. */
export async function dohServer(zone: Zone, http: { status?: number; contentType?: string } = {}): Promise<{ url: string; queries: string[]; close: () => Promise<void> }> {
  const queries: string[] = [];
  const server = createHttpsServer({ key: fixture('rsa', 'leaf.key'), cert: fixture('rsa', 'chain.pem') }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      queries.push(`${req.method ?? '?'} ${req.url ?? '?'} ${req.headers['content-type'] ?? ''} ${dnsPacket.decode(body).questions![0]!.name}`);
      const [out] = respond(body, zone, 'doh');
      res.writeHead(http.status ?? 200, { 'content-type': http.contentType ?? 'application/dns-message' });
      res.end(out ?? Buffer.alloc(0));
    });
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { url: `https://127.0.0.1:${port}/dns-query`, queries, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}
