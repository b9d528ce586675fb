/**
 * What a command hands back to `main`: its complete stdout text and its exit code. Commands never
 * write themselves, so an error half-way through leaves no half-written report behind.
 */
export interface CommandOutput {
  readonly stdout: string;
  readonly code: number;
}

/** One line of a command's help: its synopsis and what it does. */
export interface CommandHelp {
  readonly synopsis: string;
  readonly summary: string;
}
