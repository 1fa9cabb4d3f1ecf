import type { Command } from '../command';
import { serveCommand } from './serve';

/** Every subcommand, in the order --help lists them. Later capabilities add theirs here. */
export const commands: Command[] = [serveCommand];
