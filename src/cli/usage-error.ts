/** A bad command line or config value: exit code 2, message printed as is. */
export class UsageError extends Error {}
