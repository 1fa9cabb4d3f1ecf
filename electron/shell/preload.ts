// The sandboxed preload: bundled into one CommonJS file whose only require is 'electron'.
// It exposes window.ledger (one function per API channel) and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { createLedgerBridge } from './ipc-renderer';

contextBridge.exposeInMainWorld('ledger', createLedgerBridge(ipcRenderer));
