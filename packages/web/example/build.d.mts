/**
 * Bundles example/main.ts for the browser; with `outfile`, writes it there and resolves with
 * undefined, else resolves with the JavaScript text.
 *
 * @example
 * const js = await buildExample();
 */
export function buildExample(outfile?: string): Promise<string | undefined>;
