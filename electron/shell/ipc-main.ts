import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { channelNames, ipcChannel } from '../../shared/api/contract';
import type { ApiResult } from '../../shared/api/result';
import type { LedgerService } from '../api/service';
import { isAppUrl } from './app-origin';

/** The part of an invoke event the sender check reads. */
export type InvokeEventLike = Pick<IpcMainInvokeEvent, 'senderFrame'>;

/** Decides whether an IPC message comes from a frame the app trusts. */
export type SenderCheck = (event: InvokeEventLike) => boolean;

/**
 * Trusted means: the frame that sent the message is showing a page from app://app. A frame
 * that navigated elsewhere, a subframe from another origin, or a destroyed frame (null) is not.
 */
export const isAppSender: SenderCheck = (event) => {
  const frame = event.senderFrame;
  return frame !== null && frame !== undefined && isAppUrl(frame.url);
};

/**
 * The only code that talks to ipcMain. One handler per contract channel, no generic
 * channel: each drops messages from untrusted senders before anything else, then hands the
 * single argument to the service, which validates it against the channel's schema and
 * answers with the ApiResult envelope (never a thrown error or a stack trace).
 */
export function registerIpcHandlers(ipcMain: Pick<IpcMain, 'handle'>, service: Pick<LedgerService, 'dispatch'>, isTrustedSender: SenderCheck): void {
  for (const name of channelNames) {
    ipcMain.handle(ipcChannel(name), async (event: IpcMainInvokeEvent, args: unknown): Promise<ApiResult<unknown>> => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: `${name}: refused a call from a frame outside the app.` } };
      }
      return service.dispatch(name, args, { transport: 'ipc', actor: 'local-user' });
    });
  }
}
