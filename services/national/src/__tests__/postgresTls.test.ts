import { execFileSync, spawnSync } from "node:child_process";
import { chmod, chown, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { freePort, startEmbeddedPostgres, throwawayDataDir, type PostgresServer } from "@smart/devdb";
import type { DataSource } from "typeorm";
import { createDataSource } from "../data-source.js";

// A Postgres of its own that speaks TLS with a certificate from a CA made here, and whose
// pg_hba is the clusters' (infra/k8s: plaintext refused, the app over TLS): what a unit's
// DataSource does with sslmode=verify-full against it. Needs the openssl command.
const openssl = spawnSync("openssl", ["version"]).status === 0;

describe("national > TLS to Postgres (verify-full against the server's CA, hostssl only)", function () {
  this.timeout(60_000);
  let dir: string;
  let server: PostgresServer | undefined;
  let port: number;
  const urlTo = (host: string, query: string) => `postgres://postgres:postgres@${host}:${port}/postgres${query}`;

  before(async function () {
    if (!openssl) {
      console.warn("    openssl is not installed: TLS to Postgres is NOT checked against a server.");
      this.skip();
    }
    dir = await mkdtemp(path.join(tmpdir(), "smart-pg-tls-"));
    await chmod(dir, 0o755);
    const file = (name: string) => path.join(dir, name);
    const run = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
    // The cluster's CA, a server certificate it signs for `localhost` only, and a stranger CA.
    for (const ca of ["ca", "other-ca"])
      run(
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-days",
        "2",
        "-subj",
        `/CN=${ca}`,
        "-keyout",
        `${ca}.key`,
        "-out",
        `${ca}.crt`,
      );
    run(
      "req",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-subj",
      "/CN=localhost",
      "-keyout",
      "server.key",
      "-out",
      "server.csr",
    );
    await writeFile(file("san.ext"), "subjectAltName=DNS:localhost\n");
    run(
      "x509",
      "-req",
      "-in",
      "server.csr",
      "-CA",
      "ca.crt",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-days",
      "2",
      "-extfile",
      "san.ext",
      "-out",
      "server.crt",
    );
    await writeFile(
      file("pg_hba.conf"),
      ["local all all trust", "hostnossl all all all reject", "hostssl all all all scram-sha-256", ""].join("\n"),
    );
    // Postgres runs as `postgres` when the tests run as root, and wants its key private.
    await chmod(file("server.key"), 0o600);
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
      const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }));
      for (const name of ["server.key", "server.crt", "pg_hba.conf"]) await chown(file(name), uid, gid);
    }
    port = await freePort();
    server = await startEmbeddedPostgres({
      dataDir: await throwawayDataDir(),
      port,
      persistent: false,
      settings: {
        ssl: "on",
        ssl_cert_file: file("server.crt"),
        ssl_key_file: file("server.key"),
        hba_file: file("pg_hba.conf"),
        listen_addresses: "localhost",
      },
    });
  });

  after(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const connect = async (url: string, env: NodeJS.ProcessEnv = {}): Promise<DataSource | Error> => {
    const saved = { PGSSLMODE: process.env.PGSSLMODE, PGSSLROOTCERT: process.env.PGSSLROOTCERT };
    Object.assign(process.env, env);
    try {
      return await createDataSource({ url, poolSize: 1 })
        .initialize()
        .catch((error: Error) => error);
    } finally {
      for (const [name, value] of Object.entries(saved))
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
    }
  };

  it("connects with sslmode=verify-full and the CA from the URL, over TLS", async () => {
    const dataSource = await connect(
      urlTo("localhost", `?sslmode=verify-full&sslrootcert=${encodeURIComponent(path.join(dir, "ca.crt"))}`),
    );
    expect(dataSource).to.not.be.instanceOf(Error);
    try {
      const [row] = await (dataSource as DataSource).query<{ ssl: boolean }[]>(
        "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
      );
      expect(row!.ssl).to.equal(true);
    } finally {
      await (dataSource as DataSource).destroy();
    }
  });

  it("connects with PGSSLMODE and PGSSLROOTCERT when the URL names no sslmode", async () => {
    const dataSource = await connect(urlTo("localhost", ""), {
      PGSSLMODE: "verify-full",
      PGSSLROOTCERT: path.join(dir, "ca.crt"),
    });
    expect(dataSource).to.not.be.instanceOf(Error);
    await (dataSource as DataSource).destroy();
  });

  it("refuses a certificate from another CA, and one that does not name the host", async () => {
    const otherCa = await connect(
      urlTo("localhost", `?sslmode=verify-full&sslrootcert=${encodeURIComponent(path.join(dir, "other-ca.crt"))}`),
    );
    expect(otherCa).to.be.instanceOf(Error);
    expect((otherCa as Error).message).to.match(/certificate|self.signed|issuer/i);
    const wrongName = await connect(
      urlTo("127.0.0.1", `?sslmode=verify-full&sslrootcert=${encodeURIComponent(path.join(dir, "ca.crt"))}`),
    );
    expect(wrongName).to.be.instanceOf(Error);
    expect((wrongName as Error).message).to.match(/altnames|hostname|IP/i);
    // verify-ca checks the CA, not the name (as libpq).
    const caOnly = await connect(
      urlTo("127.0.0.1", `?sslmode=verify-ca&sslrootcert=${encodeURIComponent(path.join(dir, "ca.crt"))}`),
    );
    expect(caOnly).to.not.be.instanceOf(Error);
    await (caOnly as DataSource).destroy();
  });

  it("is refused in plaintext by the clusters' pg_hba (hostnossl … reject)", async () => {
    const plaintext = await connect(urlTo("localhost", "?sslmode=disable"));
    expect(plaintext).to.be.instanceOf(Error);
    expect((plaintext as Error).message).to.match(/pg_hba\.conf rejects connection|no encryption/);
  });
});
