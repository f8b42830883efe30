// The shared provider conformance suite (test/helpers/provider_conformance) run against the noble
// provider, and against a second noble instance as the reference (exercising the agreement checks).
import { createNobleProvider, nobleProvider } from '../../src/index.js';
import { describeProviderConformance } from '../helpers/provider_conformance/index.js';

const makeNoble = (o?: { rsaMinModulusBits?: number }) => createNobleProvider(o?.rsaMinModulusBits ? { rsa: { minModulusBits: o.rsaMinModulusBits } } : {});

describeProviderConformance('noble', makeNoble, nobleProvider);
