/**
 * A Map used as a least-recently-used memory: Maps iterate in insertion order, so taking an entry
 * out and putting it back makes it the newest, and the first key is the one to evict. For the
 * bounded per-provider memories of keys seen (ECDSA warm points, imported WebCrypto keys).
 */

/**
 * The entry for `key`, taken out of `map` (give it back with {@link lruPut} to keep it).
 *
 * @example
 * const entry = lruTake(seen, id) ?? fresh();
 */
export function lruTake<K, V>(map: Map<K, V>, key: K): V | undefined {
  const value = map.get(key);
  if (value !== undefined) map.delete(key);
  return value;
}

/**
 * Puts `key` back as the newest entry and evicts the oldest beyond `capacity`.
 *
 * @example
 * lruPut(seen, id, entry, Limits.ecdsaWarmKeys);
 */
export function lruPut<K, V>(map: Map<K, V>, key: K, value: V, capacity: number): void {
  map.set(key, value);
  if (map.size > capacity) map.delete(map.keys().next().value!);
}
