import { CliCommand } from './CliCommand';
import { envCommand } from './env';
import { doctorCommand } from './doctor';
import { trainCommand } from './train';

/** Every subcommand, in usage order. Add new ones here (one line each). */
export const COMMANDS: CliCommand[] = [
  envCommand,
  doctorCommand,
  trainCommand,
];
