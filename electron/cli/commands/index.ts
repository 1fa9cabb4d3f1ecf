import type { Command } from '../command';
import { serveCommand } from './serve';
import { demoCommand } from './demo';
import { collectCommand } from './collect';
import { simulateCommand } from './simulate';
import { findingsCommand } from './findings';
import { accessCommand } from './access';
import { diffCommand } from './diff';
import { timelineCommand } from './timeline';
import { ledgerCommand } from './ledger';
import { retireCommand } from './retire';

/** Every subcommand, in the order --help lists them. Later capabilities add theirs here. */
export const commands: Command[] = [
  serveCommand,
  demoCommand,
  collectCommand,
  simulateCommand,
  findingsCommand,
  accessCommand,
  diffCommand,
  timelineCommand,
  ledgerCommand,
  retireCommand,
];
