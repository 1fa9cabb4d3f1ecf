/**
 * A one-way switch the client flips when the server refuses the token; the app root listens
 * (useSyncExternalStore) and replaces everything with the "needs the link" page.
 */
export interface UnauthorizedFlag {
  get(): boolean;
  raise(): void;
  subscribe(listener: () => void): () => void;
}

export function createUnauthorizedFlag(): UnauthorizedFlag {
  let raised = false;
  const listeners = new Set<() => void>();
  return {
    get: () => raised,
    raise() {
      if (raised) return;
      raised = true;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
