/** curl's -H and -d arguments, checked and read when the command line is parsed. */
import { readFileSync } from 'node:fs';
import { UsageError } from './failures.js';

/**
 * One -H: set (or replace) a header, or remove a default one (`value` undefined).
 *
 * @example
 * const edit: HeaderEdit = parseHeader('Accept:'); // { name: 'Accept', value: undefined }: remove it
 */
export interface HeaderEdit { name: string; value: string | undefined }
/**
 * One -d / --data-binary value, already read.
 *
 * @example
 * const body = Buffer.concat(parts); // parts: DataPart[]
 */
export type DataPart = Buffer;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Parses `-H 'Name: value'` (curl: `Name:` removes the header, `Name;` sends it empty). CR, LF and
 * NUL are refused: they would let an argument write a second header or a second request.
 *
 * @example
 * parseHeader('X-Trace: 1'); // { name: 'X-Trace', value: '1' }
 */
export function parseHeader(text: string): HeaderEdit {
  if (/[\r\n\0]/.test(text)) throw new UsageError(`-H: a header may not contain CR, LF or NUL: ${JSON.stringify(text)}`);
  const semi = /^([^:;]+);\s*$/.exec(text);
  if (semi !== null && TOKEN.test(semi[1]!)) return { name: semi[1]!, value: '' };
  const colon = text.indexOf(':');
  const name = colon < 0 ? '' : text.slice(0, colon);
  if (!TOKEN.test(name)) throw new UsageError(`-H: not "Name: value": ${JSON.stringify(text)}`);
  const value = text.slice(colon + 1).trim();
  return { name, value: value === '' ? undefined : value };
}

/**
 * One -d or --data-binary value: the text itself, or `@FILE` read now (`@-` is stdin). For -d, CR
 * and LF are removed from a file's content, as curl does; --data-binary keeps every byte.
 *
 * @example
 * readData('a=1', '-d'); // Buffer 'a=1'
 */
export function readData(arg: string, option: '-d' | '--data-binary'): DataPart {
  if (!arg.startsWith('@')) return Buffer.from(arg, 'utf8');
  const file = arg.slice(1);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file === '-' ? 0 : file);
  } catch (e) {
    throw new UsageError(`${option} @${file}: ${(e as Error).message.replace(/^[A-Z]+: /, '')}`);
  }
  return option === '-d' ? Buffer.from(bytes.toString('latin1').replace(/[\r\n]/g, ''), 'latin1') : bytes;
}
