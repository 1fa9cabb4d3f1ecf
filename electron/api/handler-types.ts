import type { ChannelName, ParsedArgsOf, ResultOf } from '../../shared/api/contract';
import type { CallContext } from './context';

/** The implementation of one channel: arguments already validated against its schema. */
export type Handler<K extends ChannelName> = (args: ParsedArgsOf<K>, ctx: CallContext) => Promise<ResultOf<K>>;

/** The whole API, one handler per channel; the compiler checks none is missing. */
export type HandlerSet = { [K in ChannelName]: Handler<K> };
