/**
 * `npm run export -- <members|bookings|memberStats> [--country CC] [--format csv|ndjson] [--out FILE] [--resume]`:
 * every page through the gateway, as the token (SMART_TOKEN or --token) may see
 * it; progress on stderr. See export/ and docs/calling-the-graph.md.
 */
import { ExportFailed } from "./export/gatewayClient.js";
import { exitOnConfigError } from "@smart/platform";
import { readExportOptions, USAGE } from "./export/options.js";
import { runExport } from "./export/runExport.js";

async function main(): Promise<number> {
  const options = readExportOptions(process.argv.slice(2), process.env);
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(130); // a second Ctrl-C: now
    stopping = true;
    console.error("\nStopping after this page…");
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const result = await runExport(options, () => stopping);
  const where = options.out ?? "standard output";
  if (!result.complete) {
    console.error(
      `Interrupted after ${result.rows.toLocaleString("en")} rows in ${where}. Go on with the same command and --resume.`,
    );
    return 130;
  }
  console.error(`Exported ${result.rows.toLocaleString("en")} rows (${options.kind}) to ${where}.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ExportFailed) {
      console.error(
        `${error.message}\nWhat was written is kept; with --out, run the same command with --resume to go on.`,
      );
      process.exit(1);
    }
    try {
      exitOnConfigError(error, USAGE); // a bad flag (exit 64) or variable (78)
    } catch {
      console.error(error);
      process.exit(1);
    }
  },
);
