/**
 * Choosing the ECHConfig to encrypt to (RFC 9849 §6.1): the first of the server's list, in its
 * order of preference, whose version, KEM, one KDF/AEAD pair and mandatory extensions we support
 * and whose public_name is a host name that cannot be read as an IPv4 address (§6.1.7).
 */
import { dhkemX25519, HpkeKemId } from '../crypto/hpke/dhkem.js';
import { hpkeSuite, type HpkeSuite } from '../crypto/hpke/context.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { decodeBase64 } from '../crypto/private_key/base64.js';
import { ApiMisuseError, TlsError } from '../errors.js';
import { NamedGroup } from '../msgs/enums.js';
import { decodeEchConfigList, ECH_CONFIG_VERSION, type EchConfig, type EchConfigContents, type HpkeSymmetricCipherSuite } from '../msgs/ech_config.js';

/** The config chosen, the pair chosen from its cipher_suites, and that suite resolved on the provider. */
export interface ChosenEchConfig {
  /** The ECHConfig as the server published it (its bytes go into the HPKE info). */
  readonly config: EchConfig;
  /** Its contents (version 0xfe0d). */
  readonly contents: EchConfigContents;
  /** The KDF/AEAD pair chosen from `contents.cipherSuites`: the first we support. */
  readonly cipherSuite: HpkeSymmetricCipherSuite;
  /** That pair with the config's KEM, resolved on the provider. */
  readonly suite: HpkeSuite;
  /** The validated public_name as text (ASCII). */
  readonly publicName: string;
}

/** Set in a mandatory ECHConfigExtension's type (§4.2). We implement no extension, so any mandatory one makes the config unusable. */
const MANDATORY = 0x8000;

/**
 * The first usable config, or undefined (the client then sends GREASE ECH, or, when the
 * application asked for ECH, fails rather than fall back to plaintext SNI).
 *
 * @example
 * const chosen = chooseEchConfig(decodeEchConfigList(list), nobleProvider);
 * if (chosen === undefined) throw new ApiMisuseError('no ECHConfig we can use');
 */
export function chooseEchConfig(configs: readonly EchConfig[], provider: CryptoProvider): ChosenEchConfig | undefined {
  if (!provider.groups.some((g) => g.id === NamedGroup.x25519)) return undefined;
  for (const config of configs) {
    const contents = config.contents;
    if (config.version !== ECH_CONFIG_VERSION || contents === undefined) continue;
    if (contents.kemId !== HpkeKemId.DHKEM_X25519_HKDF_SHA256) continue;
    const kem = dhkemX25519(provider);
    if (contents.publicKey.length !== kem.publicKeyLength) continue;
    if (contents.extensions.some((e) => (e.type & MANDATORY) !== 0)) continue;
    const publicName = validPublicName(contents.publicName);
    if (publicName === undefined) continue;
    for (const cipherSuite of contents.cipherSuites) {
      const suite = hpkeSuite(provider, kem, cipherSuite.kdfId, cipherSuite.aeadId);
      if (suite !== undefined) return { config, contents, cipherSuite, suite, publicName };
    }
  }
  return undefined;
}

/**
 * The public_name as text when it is a host name in preferred name syntax (RFC 9849 §6.1.7):
 * dot-separated LDH labels of 1 to 63 octets, no leading or trailing dot, and a last label that is
 * neither all digits nor "0x"/"0X" and hex digits (which would read as IPv4). Else undefined.
 *
 * @example
 * validPublicName(new TextEncoder().encode('public.example.com')); // 'public.example.com'
 * validPublicName(new TextEncoder().encode('10.0.0.1'));           // undefined
 */
export function validPublicName(name: Uint8Array): string | undefined {
  let text = '';
  for (const b of name) {
    const ldh = (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x2e;
    if (!ldh) return undefined;
    text += String.fromCharCode(b);
  }
  const labels = text.split('.');
  for (const label of labels) {
    if (label.length === 0 || label.length > 63) return undefined; // also a leading, trailing or doubled dot
    if (label.startsWith('-') || label.endsWith('-')) return undefined;
  }
  const last = labels[labels.length - 1]!;
  if (/^[0-9]+$/.test(last) || /^0[xX][0-9a-fA-F]*$/.test(last)) return undefined;
  return text;
}

/**
 * The application's `ech` option resolved (RFC 9849 §6.1): bytes or base64 of an ECHConfigList,
 * decoded and a config chosen. A list that does not decode, or holds no config we support, is a
 * configuration error: the application asked for ECH, so there is no quiet fall back to a
 * plaintext server name.
 *
 * @example
 * resolveEch('AEX+DQBB...', nobleProvider); // ChosenEchConfig
 * resolveEch(undefined, nobleProvider);     // undefined: ECH not asked for
 */
export function resolveEch(ech: Uint8Array | string | undefined, provider: CryptoProvider): ChosenEchConfig | undefined {
  if (ech === undefined) return undefined;
  let bytes: Uint8Array | undefined;
  if (typeof ech === 'string') bytes = decodeBase64(ech.trim());
  else if (ech instanceof Uint8Array) bytes = ech;
  if (bytes === undefined) throw new ApiMisuseError('invalid configuration: ech must be an ECHConfigList as bytes or canonical base64');
  let configs: EchConfig[];
  try {
    configs = decodeEchConfigList(bytes);
  } catch (e) {
    if (!(e instanceof TlsError)) throw e;
    throw new ApiMisuseError(`invalid configuration: ech is not an ECHConfigList (${e.message})`);
  }
  const chosen = chooseEchConfig(configs, provider);
  if (chosen === undefined) {
    throw new ApiMisuseError(`invalid configuration: no ECHConfig in the list is one we support (${configs.length} configs; we need version 0xfe0d, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256/384/512 with AES-GCM or ChaCha20-Poly1305, no unknown mandatory extension, a host-name public_name)`);
  }
  return chosen;
}
