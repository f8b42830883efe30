/**
 * The Public Suffix List (publicsuffix.org), ICANN and private sections, through the `tldts`
 * package (its list is compiled into the module: no fetch, no file system, works in browsers).
 * A wildcard over a public suffix (`*.co.uk`, `*.s3.amazonaws.com`) would cover names that
 * different parties register, so it never matches (CABF BR §3.2.2.6; x509-limbo
 * webpki::san::public-suffix-*).
 */
import { getPublicSuffix } from 'tldts';

const OPTIONS = { allowPrivateDomains: true, extractHostname: false, validateHostname: false, mixedInputs: false } as const;

/**
 * Whether `name` (A-labels, lower case, no trailing dot) is itself a public suffix: `com`,
 * `co.uk`, `github.io`, `xn--p1ai`; a TLD the list does not know counts as one (its `*` rule).
 *
 * @example
 * isPublicSuffix('co.uk'); // true
 * isPublicSuffix('example.co.uk'); // false
 */
export function isPublicSuffix(name: string): boolean {
  return getPublicSuffix(name, OPTIONS) === name;
}
