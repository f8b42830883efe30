#!/usr/bin/env node
// Converts the RFC 8448 traces (Botan's transcripts.vec encoding) into one JSON file per section,
// and copies the certificates and key of RFC 8448 §2 beside them.
// Usage: node test-vectors/rfc8448/convert.mjs [path/to/transcripts.vec] [out-dir]
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const src = resolve(process.argv[2] ?? join(repo, '../shared/reference/rfc8448/transcripts.vec'));
const out = resolve(process.argv[3] ?? here);

const SECTIONS = {
  Simple_1RTT_Handshake: ['simple-1rtt.json', 'RFC 8448 §3'],
  Resumed_0RTT_Handshake: ['resumed-0rtt.json', 'RFC 8448 §4'],
  HelloRetryRequest_Handshake: ['hello-retry-request.json', 'RFC 8448 §5'],
  Client_Authentication_Handshake: ['client-authentication.json', 'RFC 8448 §6'],
  Middlebox_Compatibility_Mode: ['middlebox-compatibility.json', 'RFC 8448 §7'],
};

/** Parses `[Section]` blocks of `Key = value` lines. */
export function parseVec(text) {
  const sections = {};
  let current;
  for (const line of text.split(/\r?\n/)) {
    const header = /^\[(\w+)\]\s*$/.exec(line);
    if (header) {
      current = sections[header[1]] = {};
      continue;
    }
    const kv = /^([A-Za-z0-9_]+)\s*=\s*(.*)$/.exec(line);
    if (kv && current) current[kv[1]] = kv[2];
  }
  return sections;
}

/** Lower-case hex without white space; CurrentTimestamp as a number. */
function normalise(key, value) {
  if (key === 'CurrentTimestamp') return Number(value);
  const v = value.replace(/\s+/g, '');
  if (!/^[0-9a-fA-F]*$/.test(v)) throw new Error(`${key} is not hex`);
  return v.toLowerCase();
}

export function convert(vecText) {
  const parsed = parseVec(vecText);
  const files = {};
  for (const [name, [file, section]] of Object.entries(SECTIONS)) {
    const block = parsed[name];
    if (!block) throw new Error(`section ${name} missing`);
    const json = { section, name, source: 'RFC 8448 traces as encoded in the Botan TLS test data (transcripts.vec, BSD-2-Clause)' };
    for (const [k, v] of Object.entries(block)) json[k] = normalise(k, v);
    files[file] = JSON.stringify(json, null, 2) + '\n';
  }
  return files;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = convert(readFileSync(src, 'utf8'));
  mkdirSync(join(out, 'pem'), { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(out, file), text);
  for (const pem of ['server_certificate.pem', 'server_key.pem', 'server_certificate_client_auth.pem', 'client_certificate.pem']) {
    copyFileSync(join(dirname(src), pem), join(out, 'pem', pem));
  }
  // The sources themselves, so tests never depend on a folder outside the repository.
  mkdirSync(join(out, 'source'), { recursive: true });
  copyFileSync(src, join(out, 'source', 'transcripts.vec'));
  copyFileSync(join(dirname(src), 'intermediate-values-draft.txt'), join(out, 'source', 'intermediate-values-draft.txt'));
  console.log(`wrote ${Object.keys(files).length} traces, 4 PEM files and 2 source files to ${out}`);
}
