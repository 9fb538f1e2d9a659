#!/bin/sh
':' //; export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"; exec node "$0" "$@"

// The `sieve` command. Line 2 is a shell command to sh and a string and a comment to
// JavaScript: sh caps glibc's malloc arenas at two unless the caller chose a number, then
// runs this same file with node, which starts the CLI below.
//
// Why: every thread that allocates (the scoring workers, the Parquet reader, V8's helpers)
// gets a malloc arena of its own by default, and each arena keeps what its thread freed.
// Two arenas shared by all threads gave the same speed and a peak RSS about 50 MiB lower on
// a 1M-row `sieve run` (bench/RESULTS.md). glibc reads the variable only when a process
// starts, so it is set here, before node starts; other C libraries ignore it.
import "../dist/cli/main.js";
