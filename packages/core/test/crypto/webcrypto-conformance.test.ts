// The shared provider conformance suite against the WebCrypto provider on Node's
// globalThis.crypto.subtle: its synchronous interface (noble underneath) with noble as the
// reference, and the asynchronous AEAD lane of its AES-GCM suites.
import { createWebCryptoProvider, nobleProvider } from '../../src/index.js';
import { describeProviderConformance } from '../helpers/provider_conformance/index.js';

const makeWeb = (o?: { rsaMinModulusBits?: number }) => createWebCryptoProvider(globalThis.crypto.subtle, o?.rsaMinModulusBits ? { rsa: { minModulusBits: o.rsaMinModulusBits } } : {});

describeProviderConformance('WebCrypto', makeWeb, nobleProvider, { asyncAead: true });
