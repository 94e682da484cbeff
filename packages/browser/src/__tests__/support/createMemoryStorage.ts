/**
 * A tiny in-memory implementation of the Web Storage interface, for running webStorageStore in Node.
 * This is the one legitimate fake of the suite: Node has no Web Storage (the real one is exercised in
 * Chromium by browser.test.ts). `quotaBytes` makes `setItem` throw like a full storage does.
 */
export function createMemoryStorage(options: { quotaBytes?: number } = {}): Storage {
  const items = new Map<string, string>();
  const used = () => [...items].reduce((total, [key, value]) => total + key.length + value.length, 0);
  const storage: Storage = {
    get length() {
      return items.size;
    },
    key: (index) => [...items.keys()][index] ?? null,
    getItem: (key) => items.get(String(key)) ?? null,
    setItem(key, value) {
      const name = String(key);
      const next = used() - (items.get(name)?.length ?? 0) + (items.has(name) ? 0 : name.length) + String(value).length;
      if (options.quotaBytes !== undefined && next > options.quotaBytes) {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      items.set(name, String(value));
    },
    removeItem: (key) => void items.delete(String(key)),
    clear: () => items.clear(),
  };
  return storage;
}
