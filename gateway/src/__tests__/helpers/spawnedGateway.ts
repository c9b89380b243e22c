import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { freePort } from "@smart/devdb";
import { FOUNDING_UNITS, type FoundingUnit } from "@smart/platform";
import { testIdentity } from "@smart/identity/testing";

export interface SpawnedGateway {
  child: ChildProcess;
  /** The signal it died of (SIGKILL for a crash point), once it exits. */
  exited: Promise<NodeJS.Signals | null>;
  /** Resolves once a log line contains `text`. */
  logged(text: string): Promise<void>;
  query(query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<Response>;
}

/**
 * The real gateway (src/index.ts) in a process of its own, over `unitUrls` and
 * `centralUrl`, with `env` on top (a crash point, the retry interval): what a
 * test kills and starts again. Stop the children with `child.kill`.
 */
export async function spawnGateway(
  unitUrls: Record<FoundingUnit, string>,
  centralUrl: string,
  env: Record<string, string>,
): Promise<SpawnedGateway> {
  const identity = await testIdentity();
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve(import.meta.dirname, "../../index.ts")], {
    cwd: path.resolve(import.meta.dirname, "../../.."),
    env: {
      ...process.env,
      NODE_ENV: "development",
      LOG_LEVEL: "info",
      AUTH_ISSUER: identity.issuer,
      AUTH_JWKS_URI: identity.jwksUri,
      HOST: "127.0.0.1",
      PORT: String(port),
      CENTRAL_URL: centralUrl,
      SHARD_DEADLINE_MS: "5000",
      ...Object.fromEntries(FOUNDING_UNITS.map((code) => [`UNIT_URL_${code}`, unitUrls[code]])),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  const lines = readline.createInterface({ input: child.stdout });
  lines.on("line", (line) => logs.push(line));
  child.stderr.on("data", (chunk) => logs.push(String(chunk)));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once("exit", (_code, signal) => resolve(signal)),
  );
  const logged = (text: string) =>
    new Promise<void>((resolve, reject) => {
      if (logs.some((line) => line.includes(text))) return resolve();
      lines.on("line", (line) => line.includes(text) && resolve());
      void exited.then(() => reject(new Error(`exited before logging ${text}:\n${logs.join("\n")}`)));
    });
  for (let attempt = 0; ; attempt++) {
    const up = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (child.exitCode !== null || attempt > 1200) throw new Error(`the gateway did not start:\n${logs.join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const query = (text: string, variables: Record<string, unknown>, headers: Record<string, string>) =>
    fetch(`http://127.0.0.1:${port}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query: text, variables }),
    });
  return { child, exited, logged, query };
}
