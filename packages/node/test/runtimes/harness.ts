// What the Bun and Deno tests share: the runtime binary (scripts/runtimes.mjs, run as a CLI), a
// fresh folder in the packed project with the client script copied in, the s_server certificates
// (a good fixture chain or a bad case's chain) and running a client to its one JSON line.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { opensslTempDir, pki, splitChain, type GoodAlg, type ServerCert } from '../helpers/openssl.js';
import { packedProject, REPO_ROOT } from '../shipping/packed.js';

export type Runtime = 'bun' | 'deno';

/** The JSON line a runtime client prints. */
export interface ClientResult {
  runtime: Runtime;
  runtimeVersion: string;
  engine: string;
  ok: boolean;
  protocol?: string;
  cipherSuite?: string;
  verified: boolean;
  answerStartsWith?: string;
  /** `info.ech`: 'grease' without a config, 'accepted' with one the server took. */
  ech?: string;
  error?: { name: string; category?: string; alert?: string; message: string };
}

/** A finished client process: its parsed last stdout line and everything it printed. */
export interface ClientRun {
  result: ClientResult;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; never rejects (the caller looks at status and output). */
export function run(cmd: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, [...args], { ...opts, encoding: 'utf8', timeout: 120_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : null;
      resolve({ status: code, stdout, stderr: err !== null && code === null ? `${stderr}\n${err.message}` : stderr });
    });
  });
}

/**
 * The runtime's binary (installed on first use) and a fresh folder inside the packed project
 * holding `<runtime>_client.ts`, where `@puretls/core` and `@puretls/x509` resolve from the
 * installed tarballs.
 */
export async function prepare(runtime: Runtime): Promise<{ binary: string; dir: string; client: string; project: string }> {
  const got = await run(process.execPath, [join(REPO_ROOT, 'scripts/runtimes.mjs'), runtime]);
  const binary = got.stdout.trim().split('\n').pop() ?? '';
  if (got.status !== 0 || binary === '') throw new Error(`scripts/runtimes.mjs ${runtime} failed (${got.status}):\n${got.stderr}`);
  const project = await packedProject();
  const dir = mkdtempSync(join(project.dir, `${runtime}-`));
  const client = `${runtime}_client.ts`;
  for (const file of [client, 'session.ts']) copyFileSync(fileURLToPath(new URL(file, import.meta.url)), join(dir, file));
  return { binary, dir, client, project: project.dir };
}

/** Runs a client and parses the JSON line it printed last (throws with its output if there is none). */
export async function runClient(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<ClientRun> {
  const got = await run(cmd, args, { cwd, env });
  const last = got.stdout.trim().split('\n').pop() ?? '';
  try {
    return { ...got, result: JSON.parse(last) as ClientResult };
  } catch {
    throw new Error(`${cmd} ${args.join(' ')} printed no JSON line (status ${got.status}):\nstdout:\n${got.stdout}\nstderr:\n${got.stderr}`);
  }
}

/** The root a client trusts for a good fixture chain. */
export function goodRoot(alg: GoodAlg): string {
  return `${pki}good/${alg}/root.pem`;
}

/** s_server's files for a bad case (fixtures/pki/bad/<name>), and the root its client trusts. */
export function badCase(name: string): { cert: ServerCert; root: string; remove: () => void } {
  const tmp = opensslTempDir('puretls-runtimes-');
  const dir = `${pki}bad/${name}/`;
  const cert = splitChain(readFileSync(`${dir}chain.pem`, 'utf8'), `${dir}leaf.key`, tmp.dir, name);
  return { cert, root: `${dir}root.pem`, remove: tmp.remove };
}

/** The expected alert of a bad case, from fixtures/pki/bad/cases.json. */
export function badCaseAlert(name: string): string {
  const cases = JSON.parse(readFileSync(`${pki}bad/cases.json`, 'utf8')) as { name: string; alert: string }[];
  const found = cases.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no bad case ${name}`);
  return found.alert;
}
