/** Process exit codes of the `sieve` command, documented in `sieve --help`. */
export const EXIT = {
  /** Finished; every row is accounted for. */
  OK: 0,
  /** Could not finish: unreadable input, no text fields found, a write failed. */
  FAILED: 1,
  /** Bad command line or config: unknown flag, bad value, invalid config key. */
  USAGE: 2,
  /** More rows rejected than --max-errors allows. */
  TOO_MANY_REJECTS: 3,
} as const;

export const EXIT_CODES_HELP = `
Exit codes:
  0  finished; every input row is in the output or in the rejects file
  1  failed: unreadable input, text fields not found, a write error (message says which file and why)
  2  usage error: unknown flag, bad option value or invalid config
  3  more rows rejected than --max-errors allows
`;
