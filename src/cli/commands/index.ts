import { CliCommand } from './CliCommand';
import { envCommand } from './env';

/** Every subcommand, in usage order. Add new ones here (one line each). */
export const COMMANDS: CliCommand[] = [
  envCommand,
];
