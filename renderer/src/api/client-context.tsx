import { createContext, useContext, type ReactNode } from 'react';
import type { LedgerApi } from '../../../shared/api/contract';

const LedgerClientContext = createContext<LedgerApi | null>(null);

/** Hands the one API client to every page, so pages never pick a transport themselves. */
export function LedgerClientProvider({ api, children }: { api: LedgerApi; children: ReactNode }) {
  return <LedgerClientContext.Provider value={api}>{children}</LedgerClientContext.Provider>;
}

/** The API client for the current app; throws if used outside the provider (a wiring bug). */
export function useLedgerClient(): LedgerApi {
  const api = useContext(LedgerClientContext);
  if (!api) throw new Error('useLedgerClient used outside LedgerClientProvider');
  return api;
}
