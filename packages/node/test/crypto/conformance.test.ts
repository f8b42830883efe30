// The shared provider conformance suite (packages/core/test/helpers/provider_conformance), run
// against nodeCryptoProvider with noble as the reference: the same registry, known answers,
// refusals and RFC 8448 replays as noble, and byte-for-byte agreement with it.
import { nobleProvider } from '@puretls/core';
import { describeProviderConformance } from '../../../core/test/helpers/provider_conformance/index.js';
import { createNodeCryptoProvider } from '../../src/crypto/index.js';

describeProviderConformance('node:crypto', (o) => createNodeCryptoProvider(o?.rsaMinModulusBits !== undefined ? { rsa: { minModulusBits: o.rsaMinModulusBits } } : {}), nobleProvider);
