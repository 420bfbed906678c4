import { CliCommand } from './CliCommand';
import { envCommand } from './env';
import { doctorCommand } from './doctor';
import { trainCommand } from './train';
import { cvCommand } from './cv';
import { predictCommand } from './predict';

/** Every subcommand, in usage order. Add new ones here (one line each). */
export const COMMANDS: CliCommand[] = [
  envCommand,
  doctorCommand,
  trainCommand,
  cvCommand,
  predictCommand,
];
