// Where a transfer's time goes: the provider's AEAD, wrapped so that every synchronous seal and
// open the record layer makes is timed (two performance.now() calls, about 0.1 µs, against the
// 150-400 µs a 16 KiB record takes). A transfer's AEAD milliseconds beside its wall time split
// "puretls / open()" into the AEAD's speed inside the transfer and the share of the transfer that
// is not the AEAD (the record layer, the driver, the socket, waiting). AEADs with the asynchronous
// lane are left unwrapped: their operations overlap, so their time is not a sum.
import type { Aead, CryptoProvider } from '@puretls/core';

/** The AEAD time a wrapped provider has spent so far. */
export interface AeadClock {
  ms: number;
}

const SYNC = ['seal', 'open', 'sealInPlace', 'openInPlace', 'sealParts'] as const;

function timed(aead: Aead, clock: AeadClock): Aead {
  if (aead.openAsync !== undefined || aead.sealAsync !== undefined) return aead;
  const out: Record<string, unknown> = {};
  for (const name of SYNC) {
    const fn = aead[name] as ((...args: unknown[]) => unknown) | undefined;
    if (fn === undefined) continue; // an optional method stays absent: the record layer checks for it
    out[name] = (...args: unknown[]) => {
      const t0 = performance.now();
      try {
        return fn.apply(aead, args);
      } finally {
        clock.ms += performance.now() - t0;
      }
    };
  }
  return out as unknown as Aead;
}

/** `provider` with each cipher suite's AEAD keys timed into `clock`. */
export function withTimedAead(provider: CryptoProvider, clock: AeadClock): CryptoProvider {
  return {
    ...provider,
    cipherSuites: provider.cipherSuites.map((s) => ({ ...s, aead: { ...s.aead, create: (key: Uint8Array) => timed(s.aead.create(key), clock) } })),
  };
}
