/**
 * Where Firefox builds keep the personal API key (issue 17, item 10). Firefox lets an add-on's content
 * scripts read its `storage.local` (and `setAccessLevel`, which closes it to them in Chrome, exists
 * there only for `storage.session`, which does not survive a restart): seen in Firefox ESR by
 * test/e2e-firefox/key-storage.firefox.test.ts. The extension origin's IndexedDB is another matter:
 * a content script runs with the page's origin, so its `indexedDB` is the page's, and the add-on's
 * database is out of its reach. The key lives there; `storage.local` keeps the rest of the connection.
 */

const DATABASE = 'heatlens-key-vault';
const STORE = 'secrets';
const API_KEY = 'apiKey';

export interface KeyVault {
  get(): Promise<string>;
  set(apiKey: string): Promise<void>;
}

function open(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('the key vault could not be opened'));
  });
}

function run<T>(factory: IDBFactory, mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return open(factory).then(
    (database) =>
      new Promise<T>((resolve, reject) => {
        const transaction = database.transaction(STORE, mode);
        const request = action(transaction.objectStore(STORE));
        transaction.oncomplete = () => {
          database.close();
          resolve(request.result);
        };
        transaction.onerror = transaction.onabort = () => {
          database.close();
          reject(transaction.error ?? new Error('the key vault could not be used'));
        };
      }),
  );
}

/** The key in the extension origin's IndexedDB (`factory` is the background's `indexedDB`). */
export function indexedDbKeyVault(factory: IDBFactory): KeyVault {
  return {
    async get() {
      const value = await run<unknown>(factory, 'readonly', (store) => store.get(API_KEY));
      return typeof value === 'string' ? value : '';
    },
    async set(apiKey) {
      await run<unknown>(factory, 'readwrite', (store) => (apiKey ? store.put(apiKey, API_KEY) : store.delete(API_KEY)) as IDBRequest<unknown>);
    },
  };
}
