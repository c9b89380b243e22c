import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import {
  createPostgresDataSource,
  postgresConnection,
  prepareSchema,
  readMigrationConfig,
} from "../persistence/index.js";

// The CA is read from its file, not parsed: any text stands for one here.
const CA = "-----BEGIN CERTIFICATE-----\nMIIB-test-ca\n-----END CERTIFICATE-----\n";

describe("platform > persistence: TLS to Postgres from the URL or PGSSLMODE/PGSSLROOTCERT", () => {
  let dir: string;
  let caFile: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "smart-ca-"));
    caFile = path.join(dir, "ca.crt");
    writeFileSync(caFile, CA);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const base = "postgres://app:secret@db-rw.smart-be:5432/app";

  it("is plaintext with no sslmode anywhere (the development and test Postgres)", () => {
    expect(postgresConnection(base, {})).to.deep.equal({ url: base, sslmode: "disable", ssl: false });
  });

  it("verify-full from the URL: the CA from sslrootcert, the name checked, the TLS parameters out of the URL node-postgres reads", () => {
    const connection = postgresConnection(
      `${base}?sslmode=verify-full&sslrootcert=${encodeURIComponent(caFile)}&connect_timeout=5`,
      {},
    );
    expect(connection.sslmode).to.equal("verify-full");
    expect(connection.ssl).to.deep.equal({ ca: CA, rejectUnauthorized: true });
    expect(connection.url).to.equal(`${base}?connect_timeout=5`);
  });

  it("verify-full from PGSSLMODE and PGSSLROOTCERT when the URL names no sslmode (CloudNativePG's db-app uri has none)", () => {
    const connection = postgresConnection(base, { PGSSLMODE: "verify-full", PGSSLROOTCERT: caFile });
    expect(connection).to.deep.equal({ url: base, sslmode: "verify-full", ssl: { ca: CA, rejectUnauthorized: true } });
  });

  it("lets the URL's sslmode win over PGSSLMODE, with the URL's CA only", () => {
    expect(
      postgresConnection(`${base}?sslmode=disable`, { PGSSLMODE: "verify-full", PGSSLROOTCERT: caFile }).ssl,
    ).to.equal(false);
    expect(postgresConnection(`${base}?sslmode=verify-full`, { PGSSLROOTCERT: caFile }).ssl).to.deep.equal({
      rejectUnauthorized: true,
    });
  });

  it("verify-full with sslrootcert=system: the system's CAs", () => {
    expect(postgresConnection(`${base}?sslmode=verify-full&sslrootcert=system`, {}).ssl).to.deep.equal({
      rejectUnauthorized: true,
    });
  });

  it("verify-ca checks the CA but not the name, and needs the CA", () => {
    const ssl = postgresConnection(base, { PGSSLMODE: "verify-ca", PGSSLROOTCERT: caFile }).ssl as {
      ca: string;
      rejectUnauthorized: boolean;
      checkServerIdentity: () => unknown;
    };
    expect(ssl.ca).to.equal(CA);
    expect(ssl.rejectUnauthorized).to.equal(true);
    expect(ssl.checkServerIdentity()).to.equal(undefined);
    expect(() => postgresConnection(base, { PGSSLMODE: "verify-ca" })).to.throw(/verify-ca needs the CA/);
  });

  it("require encrypts without checking, or as verify-ca with a CA (libpq's reading)", () => {
    expect(postgresConnection(`${base}?sslmode=require`, {}).ssl).to.deep.equal({ rejectUnauthorized: false });
    expect(postgresConnection(`${base}?sslmode=require&sslrootcert=${encodeURIComponent(caFile)}`, {}).ssl).to.include({
      ca: CA,
      rejectUnauthorized: true,
    });
  });

  it("refuses what it cannot honour: prefer/allow (no fallback in node-postgres), an unknown mode, client certificates, ssl=…, a missing CA file", () => {
    expect(() => postgresConnection(`${base}?sslmode=prefer`, {})).to.throw(
      /DATABASE_URL sslmode: expected one of disable, require, verify-ca, verify-full, got 'prefer'/,
    );
    expect(() => postgresConnection(base, { PGSSLMODE: "allow" })).to.throw(/PGSSLMODE: expected one of/);
    expect(() => postgresConnection(`${base}?sslmode=verify-full&sslcert=/c.crt&sslkey=/c.key`, {})).to.throw(
      /client certificates/,
    );
    expect(() => postgresConnection(`${base}?ssl=true`, {})).to.throw(/use sslmode/);
    expect(() =>
      postgresConnection(
        `${base}?sslmode=verify-full&sslrootcert=${encodeURIComponent(path.join(dir, "none.crt"))}`,
        {},
      ),
    ).to.throw(/ENOENT/);
  });

  it("hands the DataSource the stripped URL and the TLS options", () => {
    const dataSource = createPostgresDataSource({
      url: `${base}?sslmode=verify-full&sslrootcert=${encodeURIComponent(caFile)}`,
      entities: [],
      migrations: [],
      applicationName: "test",
      env: {},
    });
    expect(dataSource.options).to.include({ url: base });
    expect((dataSource.options as { ssl: unknown }).ssl).to.deep.equal({ ca: CA, rejectUnauthorized: true });
  });
});

describe("platform > persistence: one migrator", () => {
  it("reads MIGRATE_ON_START (default true)", () => {
    expect(readMigrationConfig({})).to.deep.equal({ migrateOnStart: true });
    expect(readMigrationConfig({ MIGRATE_ON_START: "false" })).to.deep.equal({ migrateOnStart: false });
    expect(() => readMigrationConfig({ MIGRATE_ON_START: "no" })).to.throw(/MIGRATE_ON_START: expected true or false/);
  });

  it("refuses to start a server with migrations pending when another process is the migrator", async () => {
    const pending = { showMigrations: async () => true } as never;
    const error = await prepareSchema(pending, { migrateOnStart: false }).then(
      () => null,
      (caught: Error) => caught,
    );
    expect(error?.message).to.match(/migrations are pending: run the migrator/);
    expect(
      await prepareSchema({ showMigrations: async () => false } as never, { migrateOnStart: false }),
    ).to.deep.equal([]);
  });
});
