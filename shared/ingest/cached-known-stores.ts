import type { KnownStores } from './store-screening.ts';

/**
 * The known stores, read again at most every `ttlMs`: a staff file loaded with a new store is
 * seen within a minute, and a batch costs no read of the directory. An empty directory is not
 * kept (the first staff file counts at once). A failed read falls back on the last good one; with
 * none, it fails (the batch is answered 503 and sent again).
 */
export function cachedKnownStores(
  load: () => Promise<KnownStores>,
  ttlMs = 60_000,
  now: () => number = Date.now,
): () => Promise<KnownStores> {
  let cached: { stores: KnownStores; at: number } | undefined;
  let loading: Promise<KnownStores> | undefined;
  return async () => {
    if (cached !== undefined && now() - cached.at < ttlMs) return cached.stores;
    loading ??= load()
      .then((stores) => {
        cached = stores === null ? undefined : { stores, at: now() };
        return stores;
      })
      .catch((error: unknown) => {
        if (cached !== undefined) return cached.stores;
        throw error;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };
}
