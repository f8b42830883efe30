/**
 * What a CertificateVerify signs (RFC 9846 §4.5.2), for the server's and for ours.
 */

/** The context strings of CertificateVerify (RFC 9846 §4.5.2). */
const CV_CONTEXT = {
  server: new TextEncoder().encode('TLS 1.3, server CertificateVerify'),
  client: new TextEncoder().encode('TLS 1.3, client CertificateVerify'),
} as const;

/**
 * The content a CertificateVerify signs: 64 spaces, the context string of its sender, a zero
 * byte and the transcript hash (RFC 9846 §4.5.2).
 *
 * @example
 * const signed = certificateVerifyContent(transcript.hash());           // the server's
 * const ours = certificateVerifyContent(transcript.hash(), 'client');  // our own
 */
export function certificateVerifyContent(transcriptHash: Uint8Array, sender: 'server' | 'client' = 'server'): Uint8Array {
  const context = CV_CONTEXT[sender];
  const out = new Uint8Array(64 + context.length + 1 + transcriptHash.length);
  out.fill(0x20, 0, 64);
  out.set(context, 64);
  out.set(transcriptHash, 64 + context.length + 1);
  return out;
}
