import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import readline from "node:readline";
import { expect } from "chai";
import { createTestDatabase, freePort, sharedTestPostgres } from "@smart/devdb";
import { serviceEntry } from "../stack/paths.js";

// Each server's one shutdown path, on the built entry point as deployed: SIGTERM while a
// request is in flight; the request is answered, then the process closes its pool and exits 0.

interface Server {
  child: ChildProcess;
  port: number;
  logs: string[];
  exited: Promise<number | null>;
  /** Resolves with the first log line whose `msg` is `msg`. */
  logged(msg: string): Promise<void>;
}

async function startServer(entry: string, env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [entry], {
    env: {
      ...process.env,
      NODE_ENV: "development",
      LOG_LEVEL: "info",
      HOST: "127.0.0.1",
      PORT: String(port),
      SHUTDOWN_TIMEOUT_MS: "20000",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  const waiting: { msg: string; resolve: () => void }[] = [];
  readline.createInterface({ input: child.stdout }).on("line", (line) => {
    logs.push(line);
    let msg: string | undefined;
    try {
      msg = (JSON.parse(line) as { msg?: string }).msg;
    } catch {
      return;
    }
    for (const waiter of waiting.filter((w) => w.msg === msg)) waiter.resolve();
  });
  child.stderr.on("data", (chunk) => logs.push(String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const logged = (msg: string) =>
    new Promise<void>((resolve, reject) => {
      if (logs.some((line) => line.includes(`"msg":"${msg}"`))) return resolve();
      waiting.push({ msg, resolve });
      void exited.then(() => reject(new Error(`exited before logging "${msg}":\n${logs.join("\n")}`)));
    });
  for (let attempt = 0; ; attempt++) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null || attempt > 600) throw new Error(`did not start:\n${logs.join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, port, logs, exited, logged };
}

/** Opens a POST /graphql and sends its headers and half its body: a request in flight, held open. */
async function halfSentRequest(port: number) {
  const body = JSON.stringify({ query: "{ __typename }" });
  const socket = net.connect(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  socket.write(
    `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
  );
  socket.write(body.slice(0, 5));
  let response = "";
  socket.on("data", (chunk) => (response += String(chunk)));
  const ended = new Promise<string>((resolve) => socket.once("close", () => resolve(response)));
  return {
    finish() {
      socket.write(body.slice(5));
      return ended;
    },
  };
}

const refusesConnections = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(false)));
    socket.once("error", () => resolve(true));
  });

describe("servers > shutdown on SIGTERM", function () {
  this.timeout(120_000);
  const cases: { name: string; entry: () => string; env: () => Promise<Record<string, string>> }[] = [
    {
      name: "a national unit",
      entry: () => serviceEntry("services/national"),
      env: async () => ({
        UNIT: "BE",
        DATABASE_URL: (await createTestDatabase(await sharedTestPostgres(), "shutdown_be")).url,
      }),
    },
    {
      name: "central",
      entry: () => serviceEntry("services/central"),
      env: async () => ({
        DATABASE_URL: (await createTestDatabase(await sharedTestPostgres(), "shutdown_central")).url,
      }),
    },
    { name: "the gateway", entry: () => serviceEntry("gateway"), env: async () => ({}) },
  ];

  for (const { name, entry, env } of cases) {
    it(`${name}: stops accepting, answers the request in flight, closes up and exits 0`, async () => {
      const server = await startServer(entry(), await env());
      try {
        const request = await halfSentRequest(server.port);
        server.child.kill("SIGTERM");
        await server.logged("draining");
        expect(await refusesConnections(server.port), "new connections refused while draining").to.equal(true);
        const response = await request.finish();
        expect(response, server.logs.join("\n")).to.match(/^HTTP\/1\.1 200 /);
        expect(response).to.include(`{"data":{"__typename":"Query"}}`);
        expect(await server.exited, server.logs.join("\n")).to.equal(0);
        const stopped = server.logs
          .map((line) => (line.startsWith("{") ? (JSON.parse(line) as { msg?: string; code?: number }) : {}))
          .find((l) => l.msg === "stopped");
        expect(stopped?.code).to.equal(0);
      } finally {
        if (server.child.exitCode === null) server.child.kill("SIGKILL");
      }
    });
  }
});
