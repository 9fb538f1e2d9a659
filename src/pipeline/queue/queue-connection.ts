/**
 * Where the stage queue lives: a Redis server named by a `redis://host:port[/db]` URL, and
 * the one BullMQ queue every run shares (a job's data names its run's output folder).
 */
import type { ConnectionOptions } from "bullmq";

/** A parsed `redis://host:port[/db]`. */
export interface RedisTarget {
  host: string;
  port: number;
  db: number;
  /** The URL as given, for messages. */
  url: string;
}

/** BullMQ key prefix: every key sieve keeps in Redis starts with `sieve:`. */
export const QUEUE_PREFIX = "sieve";

/** The queue every run's stage jobs go through; job ids (`<run>.<stage>.<shard>`) keep runs apart. */
export const QUEUE_NAME = "stages";

/** A bad `--queue` URL: the message says what was expected. */
export class QueueUrlError extends Error {}

/**
 * Parse `redis://host:port[/db]`. Anything else — another scheme, credentials, a query, a
 * missing or out-of-range port — is a QueueUrlError rather than a guess, since a wrong guess
 * would send jobs to a queue no worker reads.
 */
export function parseRedisUrl(url: string): RedisTarget {
  const expected = `expected redis://host:port[/db], got '${url}'`;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new QueueUrlError(`--queue: ${expected}.`);
  }
  if (u.protocol !== "redis:") throw new QueueUrlError(`--queue: only redis:// URLs are supported; ${expected}.`);
  if (u.username || u.password || u.search || u.hash) throw new QueueUrlError(`--queue: ${expected} (no credentials, query or fragment).`);
  if (!u.hostname) throw new QueueUrlError(`--queue: no host; ${expected}.`);
  if (!u.port) throw new QueueUrlError(`--queue: no port; ${expected}.`);
  const port = Number(u.port);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new QueueUrlError(`--queue: bad port; ${expected}.`);
  const path = u.pathname.replace(/^\//, "");
  if (path !== "" && !/^\d+$/.test(path)) throw new QueueUrlError(`--queue: the path must be a database number; ${expected}.`);
  const db = path === "" ? 0 : Number(path);
  // URL keeps IPv6 hosts in brackets; ioredis wants them bare.
  const host = u.hostname.replace(/^\[(.*)\]$/, "$1");
  return { host, port, db, url };
}

/** `redis://host:port/db`, for messages. */
export function describeTarget(t: RedisTarget): string {
  return `redis://${t.host.includes(":") ? `[${t.host}]` : t.host}:${t.port}/${t.db}`;
}

/**
 * Connection options for a worker. BullMQ's blocking commands need
 * `maxRetriesPerRequest: null` (a command waits however long Redis is away rather than
 * failing), and the reconnect delay is capped at 2 s so that workers are back at work soon
 * after a restarted Redis is up (ioredis' default backoff in BullMQ grows to 20 s).
 */
export function workerConnection(t: RedisTarget): ConnectionOptions {
  return {
    host: t.host,
    port: t.port,
    db: t.db,
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => Math.min(250 * times, 2000),
  };
}

/**
 * Connection options for the command that submits a run and waits for it. Unlike a worker
 * it must notice a Redis that is not there: after five failed reconnect attempts (about
 * 3.5 s) the connection ends, the pending commands fail, and the run fails with
 * RedisUnreachableError. Without the end, BullMQ would wait for the first connection for
 * ever when Redis is down at the start.
 */
export function submitterConnection(t: RedisTarget): ConnectionOptions {
  return {
    host: t.host,
    port: t.port,
    db: t.db,
    maxRetriesPerRequest: 3,
    connectTimeout: 5000,
    retryStrategy: (times: number) => (times > 5 ? null : Math.min(250 * times, 1000)),
  };
}

/** Redis could not be reached: what to do about it is in the message. */
export class RedisUnreachableError extends Error {
  constructor(target: RedisTarget, cause?: unknown) {
    super(`cannot reach Redis at ${describeTarget(target)}; start it and run the same command again to resume`, { cause });
  }
}

/** Whether an error from ioredis/BullMQ means the connection, not the command, failed. */
export function isConnectionError(e: unknown): boolean {
  const text = `${(e as Error)?.name ?? ""} ${(e as Error)?.message ?? String(e)} ${(e as { code?: string })?.code ?? ""}`;
  return /MaxRetriesPerRequest|max retries per request|Connection is closed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE|Stream isn't writeable/i.test(text);
}
