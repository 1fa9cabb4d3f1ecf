import type { IpcRenderer } from 'electron';
import { CHANNEL_NAMES, ipcChannel } from '../../shared/api/channel-names';
import type { LedgerBridge } from '../../shared/api/contract';

/**
 * The only code that talks to ipcRenderer. Builds what the preload exposes as
 * `window.ledger`: one named function per contract channel, each taking exactly one
 * argument object and resolving to the ApiResult envelope. There is deliberately no
 * generic invoke(channel, ...) and no access to the event or ipcRenderer itself.
 * Channel names come from the zod-free list, so the sandboxed preload does not bundle zod.
 */
export function createLedgerBridge(ipcRenderer: Pick<IpcRenderer, 'invoke'>): LedgerBridge {
  const api: Record<string, (args: unknown) => Promise<unknown>> = {};
  for (const name of CHANNEL_NAMES) {
    const channel = ipcChannel(name);
    api[name] = (args: unknown) => ipcRenderer.invoke(channel, args);
  }
  return Object.freeze(api) as unknown as LedgerBridge;
}
