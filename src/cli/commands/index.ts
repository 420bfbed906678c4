import { CliCommand } from './CliCommand';
import { envCommand } from './env';
import { doctorCommand } from './doctor';
import { trainCommand } from './train';
import { cvCommand } from './cv';
import { predictCommand } from './predict';
import { sweepCommand } from './sweep';
import { aggregateCommand, cancelCommand, resubmitCommand, statusCommand } from './groupCommands';

/** Every subcommand, in usage order. Add new ones here (one line each). */
export const COMMANDS: CliCommand[] = [
  envCommand,
  doctorCommand,
  trainCommand,
  cvCommand,
  sweepCommand,
  statusCommand,
  cancelCommand,
  resubmitCommand,
  aggregateCommand,
  predictCommand,
];
