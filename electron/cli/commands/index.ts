import type { Command } from '../command';
import { serveCommand } from './serve';
import { collectCommand } from './collect';
import { ledgerCommand } from './ledger';

/** Every subcommand, in the order --help lists them. Later capabilities add theirs here. */
export const commands: Command[] = [serveCommand, collectCommand, ledgerCommand];
