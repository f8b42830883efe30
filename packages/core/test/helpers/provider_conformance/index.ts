// The provider conformance suite: every CryptoProvider (noble, node:crypto, WebCrypto, ...) must pass
// it. It uses only the CryptoProvider interface, the public exports of @puretls/core and the test
// helpers; node:crypto serves as the oracle where no published vector exists.
import { describe } from 'vitest';
import type { CryptoProvider } from '../../../src/index.js';
import { describeAgreement } from './agreement.js';
import { describeAsyncAead } from './async_aead.js';
import { describeHpke } from './hpke.js';
import { describeHpkeOracle } from './hpke_oracle.js';
import { describeKnownAnswers } from './kat.js';
import { describeRefusals } from './refusals.js';
import { describeRegistry } from './registry.js';
import { describeReplays } from './replay.js';
import { describeSignatures } from './signatures.js';
import { describeSigning } from './signing.js';

/** Options the suite passes to the provider factory. */
export interface ConformanceOptions {
  /** Smallest RSA modulus accepted (the default must be 2048; the RFC 8448 key has 1024 bits). */
  readonly rsaMinModulusBits?: number;
}

/** What the suite checks beyond the synchronous interface. */
export interface ConformanceParts {
  /** The provider's AEADs have `sealAsync` / `openAsync` (WebCrypto): check that lane too. */
  readonly asyncAead?: boolean;
}

/** Makes a fresh provider instance. */
export type Make = (opts?: ConformanceOptions) => CryptoProvider;

/**
 * Describes the conformance tests of one provider: registry, known answers, signatures, signing, refusals,
 * RFC 8448 replays, and, given a `reference` provider, byte-for-byte agreement on random inputs;
 * with `parts.asyncAead`, the asynchronous AEAD lane.
 *
 * @example
 * describeProviderConformance('node', (o) => createNodeProvider(o), nobleProvider);
 */
export function describeProviderConformance(name: string, make: Make, reference?: CryptoProvider, parts: ConformanceParts = {}): void {
  describe(`CryptoProvider conformance: ${name}`, () => {
    describeRegistry(make);
    describeKnownAnswers(make);
    describeSignatures(make);
    describeSigning(make);
    describeRefusals(make);
    describeReplays(make);
    describeHpke(make);
    describeHpkeOracle(make);
    if (reference !== undefined) describeAgreement(make, reference);
    if (parts.asyncAead === true) describeAsyncAead(make);
  });
}
