/**
 * `npm run unit -- start PT`: one more national unit next to a running `npm start` (found
 * by its state file, .data/stack.json): its database in the stack's Postgres, migrated and
 * seeded with demo members, its server in the foreground until Ctrl-C.
 * `npm run unit -- admit PT` / `retire PT`: the central office's admitUnit / retireUnit,
 * through the stack's gateway with a development token; then waits until the gateway
 * routes to the unit (or no longer does).
 */
import { z } from "zod";
import {
  defaultUnitPort,
  exitOnConfigError,
  readArgs,
  UsageError,
  wholeNumber,
  type CountryCode,
} from "@smart/platform";
import { DEFAULT_MEMBERS_PER_UNIT } from "@smart/national";
import { waitForHealth } from "./stack/health.js";
import { formatSeedReport, migrateAndSeed } from "./stack/migrateAndSeed.js";
import { assertFree, stackPorts, unitPortVariable } from "./stack/ports.js";
import { openStackPostgres } from "./stack/postgres.js";
import { Supervisor } from "./stack/processes.js";
import { authEnv, localUrl, unitService } from "./stack/services.js";
import { exitWithError, takeOverShutdownSignals } from "./stack/signals.js";
import { readStackState, stackStateFile, type StackState } from "./stack/state.js";
import { unitCodeArgument } from "./stack/units.js";
import { unitUrlFromTemplate } from "@smart/platform";
import { CentralOfficeClient, describeErrors, type UnitDetails } from "./unit/gatewayAdmin.js";

const usage = [
  "usage: npm run unit -- start PT [--members-per-unit N]",
  "       npm run unit -- admit PT [--unit-name 'Smart Luxembourg' --country-name Luxembourg --currency EUR --share-price 25]",
  "       npm run unit -- retire PT",
].join("\n");

const COMMANDS = ["start", "admit", "retire"] as const;
type Command = (typeof COMMANDS)[number];

const flags = {
  "members-per-unit": wholeNumber().min(0, "expected a whole number").optional(),
  "unit-name": z.string().min(1).optional(),
  "country-name": z.string().min(1).optional(),
  currency: z.string().optional(),
  "share-price": z.coerce.number({ invalid_type_error: "expected a number such as 25" }).optional(),
};

interface CommandLine {
  command: Command;
  code: CountryCode;
  membersPerUnit: number | undefined;
  details: UnitDetails;
}

function readCommandLine(argv: readonly string[]): CommandLine {
  const { values, positionals } = readArgs(argv, flags, { positionals: true });
  const [command, codeText, ...rest] = positionals;
  if (!COMMANDS.includes(command as Command))
    throw new UsageError(command ? `'${command}' is not a command (start, admit, retire)` : "a command is missing");
  if (codeText === undefined) throw new UsageError(`${command}: which unit? e.g. npm run unit -- ${command} PT`);
  if (rest.length > 0) throw new UsageError(`one unit at a time: '${rest.join(" ")}' is too much`);
  const code = unitCodeArgument().safeParse(codeText);
  if (!code.success) throw new UsageError(`'${codeText}': ${code.error.issues[0]!.message}`);
  const details: UnitDetails = {
    ...(values.unitName !== undefined ? { unitName: values.unitName } : {}),
    ...(values.countryName !== undefined ? { countryName: values.countryName } : {}),
    ...(values.currency !== undefined ? { currency: values.currency } : {}),
    ...(values.sharePrice !== undefined ? { sharePrice: values.sharePrice } : {}),
  };
  if (command !== "admit" && Object.keys(details).length > 0)
    throw new UsageError("--unit-name, --country-name, --currency, --share-price: only with admit");
  if (command !== "start" && values.membersPerUnit !== undefined)
    throw new UsageError("--members-per-unit: only with start");
  return { command: command as Command, code: code.data, membersPerUnit: values.membersPerUnit, details };
}

async function runningStack(): Promise<StackState> {
  const file = stackStateFile();
  const state = await readStackState(file);
  if (!state)
    throw new Error(`No stack is running (none has written ${file}): start one with \`npm start\`, then try again.`);
  return state;
}

async function startUnit(code: CountryCode, membersPerUnit: number): Promise<void> {
  const state = await runningStack();
  const running = state.ports.units[code];
  if (running !== undefined) throw new Error(`${code} already runs in the stack, at ${localUrl(running, "/graphql")}`);
  const port = stackPorts(process.env, [code]).units[code]!;
  await assertFree([[unitPortVariable(code), port]]);
  const gatewayLooksAt = unitUrlFromTemplate(state.unitUrlTemplate, code);
  if (port !== defaultUnitPort(code))
    console.warn(
      `${unitPortVariable(code)} moves ${code} to port ${port}; the gateway looks for it at ${gatewayLooksAt} and will not find it there.`,
    );

  const supervisor = new Supervisor();
  const opening = openStackPostgres({ env: { ...process.env, ...state.postgresEnv }, targets: [code] });
  const stop = async () => {
    supervisor.note(`stopping ${code}…`);
    await supervisor.stopAll();
    await (await opening.catch(() => undefined))?.stop();
    supervisor.note("stopped");
  };
  takeOverShutdownSignals(stop);
  const postgres = await opening;
  try {
    console.log(`Postgres: ${postgres.description}`);
    console.log(formatSeedReport(await migrateAndSeed(postgres, [code], membersPerUnit)));
    supervisor.start(unitService(code, port, postgres, authEnv(state.ports)));
    const healthy = await waitForHealth(localUrl(port, "/health"), {
      gaveUp: () => supervisor.state(code)?.down ?? false,
    });
    if (!healthy) throw new Error(`${code} did not answer on ${localUrl(port, "/health")}: see its log lines`);
  } catch (error) {
    await stop();
    throw error;
  }
  console.log(unitBanner(code, port, postgres.databaseOf(code), state));
}

function unitBanner(code: CountryCode, port: number, database: string, state: StackState): string {
  const gatewayUrl = `http://localhost:${state.ports.gateway}/graphql`;
  return [
    "",
    `${code} is running at http://localhost:${port}/graphql (database ${database}); Ctrl-C stops it.`,
    "",
    "The European graph leaves it out until the central office admits it:",
    `  npm run unit -- admit ${code}`,
    `or, signed in as central-office at ${gatewayUrl}:`,
    `  mutation { admitUnit(input: { code: ${code} }) { code admission } }`,
    "(a code the directory does not know needs unitName, countryName, currency and sharePrice too).",
    "The gateway picks it up at its next look at the directory (UNIT_DIRECTORY_REFRESH_SECONDS, 10 s by default).",
    `Before stopping it for good: npm run unit -- retire ${code}`,
    "",
  ].join("\n");
}

async function changeAdmission(command: "admit" | "retire", code: CountryCode, details: UnitDetails): Promise<void> {
  const client = new CentralOfficeClient(await runningStack());
  const answer = command === "admit" ? await client.admit(code, details) : await client.retire(code);
  const unit = answer.data && ("admitUnit" in answer.data ? answer.data.admitUnit : answer.data.retireUnit);
  if (!unit) throw new Error(`${command === "admit" ? "admitUnit" : "retireUnit"} ${code}: ${describeErrors(answer)}`);
  console.log(`${unit.code} (${unit.unitName}) is ${unit.admission} in the central office's directory.`);
  const routed = command === "admit";
  const seconds = await client.waitForRouting(code, routed);
  if (seconds === undefined) {
    throw new Error(
      routed
        ? `The gateway did not route to ${code} within 60 s: is ${code} running (npm run unit -- start ${code})?`
        : `The gateway still routes to ${code} after 60 s.`,
    );
  }
  console.log(
    routed
      ? `The gateway routes to ${code} (after ${seconds.toFixed(0)} s): try { memberCount(country: ${code}) } at ${client.gatewayUrl}`
      : `The gateway no longer routes to ${code} (after ${seconds.toFixed(0)} s); its database is left as it is.`,
  );
}

async function main(): Promise<void> {
  let commandLine: CommandLine;
  try {
    commandLine = readCommandLine(process.argv.slice(2));
  } catch (error) {
    exitOnConfigError(error, usage);
  }
  const { command, code, membersPerUnit, details } = commandLine;
  if (command === "start") await startUnit(code, membersPerUnit ?? DEFAULT_MEMBERS_PER_UNIT);
  else await changeAdmission(command, code, details);
}

main().catch((error: unknown) => {
  try {
    exitOnConfigError(error, usage);
  } catch {
    exitWithError(error);
  }
});
