/**
 * `npm run k8s:units [-- --add PT]`: (re)writes infra/k8s/units/ from infra/k8s/units.txt:
 * each unit's Kustomization (infra/k8s/units/<cc>/) and the one that takes them all, which
 * the overlays include. `--add PT` first appends PT to the list. A folder of a unit no longer
 * listed is removed (its namespace stays in the cluster until deleted: docs/units.md).
 */
import fs from "node:fs";
import path from "node:path";
import { exitOnConfigError, readArgs, UsageError } from "@smart/platform";
import { parseUnitsFile, unitKustomizations, UNITS_DIR, UNITS_FILE, WRITTEN_BY } from "./k8s/units.js";
import { unitCodeArgument } from "./stack/units.js";

const usage = "usage: npm run k8s:units [-- --add PT]";

function main(): void {
  const { add } = readArgs(process.argv.slice(2), { add: unitCodeArgument().optional() }).values;
  const relative = (file: string) => path.relative(process.cwd(), file);
  let units = parseUnitsFile(fs.readFileSync(UNITS_FILE, "utf8"), relative(UNITS_FILE));
  if (add) {
    if (units.includes(add)) throw new UsageError(`--add: ${add} is already in ${relative(UNITS_FILE)}`);
    const text = fs.readFileSync(UNITS_FILE, "utf8");
    fs.writeFileSync(UNITS_FILE, `${text}${text.endsWith("\n") ? "" : "\n"}${add}\n`);
    console.log(`added ${add} to ${relative(UNITS_FILE)}`);
    units = [...units, add];
  }
  const files = unitKustomizations(units);
  for (const [file, content] of files) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    console.log(`wrote ${relative(file)}`);
  }
  for (const entry of fs.readdirSync(UNITS_DIR, { withFileTypes: true })) {
    const file = path.join(UNITS_DIR, entry.name, "kustomization.yaml");
    if (!entry.isDirectory() || files.has(file) || !fs.existsSync(file)) continue;
    if (!fs.readFileSync(file, "utf8").startsWith(WRITTEN_BY)) continue;
    fs.rmSync(path.join(UNITS_DIR, entry.name), { recursive: true });
    console.log(`removed ${relative(path.dirname(file))}: ${entry.name.toUpperCase()} is no longer listed`);
  }
}

try {
  main();
} catch (error) {
  try {
    exitOnConfigError(error, usage);
  } catch {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
