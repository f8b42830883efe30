/**
 * The example page: connect through the relay with puretls, verify the server against the trust
 * anchor given, send an HTTP GET and show what came back. The outcome is also written as JSON to
 * `<pre id="result">` (see {@link PageResult}) for the browser test.
 */
import { TlsError } from '@puretls/core';
import { TrustStore, WebPkiVerifier } from '@puretls/x509';
import { connectOverWebSocket, WebTransportError } from '../src/index.js';

/**
 * What the page reports.
 *
 * @example
 * const r = JSON.parse(document.getElementById('result')!.textContent!) as PageResult;
 */
export interface PageResult {
  ok: boolean;
  verified: boolean;
  protocol?: string;
  cipherSuite?: string;
  group?: string;
  /** What became of Encrypted Client Hello: 'accepted' with a config the server took, 'grease' without one. */
  ech?: string;
  answer?: string;
  error?: { name: string; message: string; category: string };
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function show(id: string, text: string): void {
  $(id).textContent = text;
}

/**
 * Runs one connection with the page's inputs and reports it; with `ech` (the server's
 * ECHConfigList, base64) the server name travels encrypted (RFC 9849).
 *
 * @example
 * await run({ relay: 'ws://127.0.0.1:8080/', server: 'localhost', ca: rootPem, path: '/', ech: '' });
 */
export async function run(p: { relay: string; server: string; ca: string; path: string; ech: string }): Promise<PageResult> {
  let result: PageResult;
  try {
    show('status', `connecting to ${p.server} through ${p.relay}...`);
    const verifier = new WebPkiVerifier({ roots: TrustStore.fromPem(p.ca) });
    const ech = p.ech.trim() === '' ? {} : { ech: p.ech.trim() };
    const conn = await connectOverWebSocket(p.relay, { serverName: p.server, verifier, alpnProtocols: ['http/1.1'], ...ech }, { signal: AbortSignal.timeout(30_000) });
    const { info } = conn;
    show('handshake', `${info.version} ${info.cipherSuiteName} ${info.groupName}, signed with ${info.signatureSchemeName}, ECH ${info.ech}\n${info.peerCertificates.length} certificates, verified to the given root`);
    show('status', 'handshake done; sending GET');
    await conn.write(`GET ${p.path} HTTP/1.0\r\nHost: ${p.server}\r\n\r\n`);
    const decoder = new TextDecoder();
    let answer = '';
    for await (const chunk of conn) answer += decoder.decode(chunk, { stream: true });
    await conn.close();
    show('answer', answer);
    show('status', `done: ${answer.split('\r\n', 1)[0]}`);
    result = { ok: true, verified: true, protocol: info.version, cipherSuite: info.cipherSuiteName, group: info.groupName, ech: info.ech, answer };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const category = e instanceof TlsError || e instanceof WebTransportError ? e.category : 'other';
    show('status', `failed: ${err.name} (${category}): ${err.message}`);
    result = { ok: false, verified: false, error: { name: err.name, message: err.message, category } };
  }
  show('result', JSON.stringify(result));
  return result;
}

function inputs() {
  return {
    relay: $<HTMLInputElement>('relay').value,
    server: $<HTMLInputElement>('server').value,
    ca: $<HTMLTextAreaElement>('ca').value,
    path: $<HTMLInputElement>('path').value || '/',
    ech: $<HTMLInputElement>('ech').value,
  };
}

// Query-string parameters fill the inputs; autorun=1 connects at once (the test uses it).
const q = new URLSearchParams(location.search);
for (const k of ['relay', 'server', 'ca', 'path', 'ech']) {
  const v = q.get(k);
  if (v !== null) ($(k) as HTMLInputElement).value = v;
}
$('form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  void run(inputs());
});
if (q.get('autorun') === '1') void run(inputs());
