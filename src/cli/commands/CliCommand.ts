/** A `medseg` subcommand. */
export interface CliCommand {
  /** The word after `medseg`. */
  name: string;
  /** One line for the usage text. */
  summary: string;
  /** Runs with the remaining arguments; resolves to the process exit code. */
  run(args: string[]): Promise<number>;
}
