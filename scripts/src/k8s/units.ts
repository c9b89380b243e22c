import path from "node:path";
import { isCountryCode, type CountryCode } from "@smart/platform";
import { REPO_ROOT } from "../stack/paths.js";

/** Where the per-unit Kustomizations live: infra/k8s/units/<cc>/kustomization.yaml. */
export const UNITS_DIR = path.join(REPO_ROOT, "infra", "k8s", "units");

/** The list of units the deployment runs, one code a line: the input of `npm run k8s:units`. */
export const UNITS_FILE = path.join(REPO_ROOT, "infra", "k8s", "units.txt");

/** The first line of every file `npm run k8s:units` writes: what marks a folder of units/ as its own. */
export const WRITTEN_BY = "# Written by `npm run k8s:units` (scripts/src/k8s/units.ts): do not edit by hand.";

/**
 * The units of a units file: one code a line, in the file's order (each one's backup slot);
 * blank lines and `#` comments skipped. Throws naming each line that is not a unit's code, and repeats.
 */
export function parseUnitsFile(text: string, file = "infra/k8s/units.txt"): CountryCode[] {
  const units: CountryCode[] = [];
  const problems: string[] = [];
  text.split("\n").forEach((raw, index) => {
    const line: string = raw.replace(/#.*/, "").trim();
    if (!line) return;
    const where = `${file}:${index + 1}`;
    if (!isCountryCode(line))
      problems.push(`${where}: '${raw.trim()}' is not a unit's code (two capitals, such as PT)`);
    else if (units.includes(line)) problems.push(`${where}: ${line} is listed twice`);
    else units.push(line);
  });
  if (problems.length > 0) throw new Error(problems.join("\n"));
  if (units.length === 0) throw new Error(`${file}: lists no unit`);
  return units;
}

/** The Kubernetes namespace of a unit: `smart-be`. */
export const unitNamespace = (code: CountryCode) => `smart-${code.toLowerCase()}`;

/** The audience a unit accepts a token for (its staff's tokens name it): `urn:smart:unit:be`. */
export const unitAudience = (code: CountryCode) => `urn:smart:unit:${code.toLowerCase()}`;

/** A unit's backup prefix in the bucket: `s3://smart-db-backups/be/` (central's is `…/central/`). */
export const unitBackupPath = (code: CountryCode) => `s3://smart-db-backups/${code.toLowerCase()}/`;

/**
 * When the database of the unit at `position` (0-based) of the units file takes its daily
 * base backup (CloudNativePG's six fields, seconds first): central's at 02:00, then one
 * unit every six minutes in the file's order (AT 02:06 … SE 02:54, a tenth 03:00), so no
 * two upload at once.
 */
export function unitBackupSchedule(position: number): string {
  const minutes = 6 * (position + 1);
  return `0 ${minutes % 60} ${2 + Math.floor(minutes / 60)} * * *`;
}

/**
 * The Kustomization that puts the shared unit (infra/k8s/unit) into one unit's
 * namespace and names its unit, its audience, its backups' prefix and time (by its
 * `position` in the units file), and its staff host. Written by `npm run k8s:units`;
 * a test fails when a committed file differs from what this returns.
 */
export function unitKustomization(code: CountryCode, position: number): string {
  const cc = code.toLowerCase();
  return `${WRITTEN_BY}
# The ${code} unit: infra/k8s/unit in the namespace ${unitNamespace(code)}.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: ${unitNamespace(code)}
resources:
  - ../../unit
labels:
  - pairs:
      smart.coop/unit: ${cc}
patches:
  - target:
      kind: Deployment
      name: national
    patch: |-
      - op: test
        path: /spec/template/spec/containers/0/env/0/name
        value: UNIT
      - op: replace
        path: /spec/template/spec/containers/0/env/0/value
        value: ${code}
      - op: test
        path: /spec/template/spec/containers/0/env/1/name
        value: AUTH_AUDIENCE
      - op: replace
        path: /spec/template/spec/containers/0/env/1/value
        value: ${unitAudience(code)}
  - target:
      kind: ObjectStore
      name: backups
    patch: |-
      - op: replace
        path: /spec/configuration/destinationPath
        value: ${unitBackupPath(code)}
  - target:
      kind: ScheduledBackup
      name: db-daily
    patch: |-
      - op: replace
        path: /spec/schedule
        value: "${unitBackupSchedule(position)}"
  - target:
      kind: HTTPRoute
      name: national-staff
    patch: |-
      - op: replace
        path: /spec/hostnames/0
        value: ${cc}.staff.smart.example
`;
}

/** The Kustomization of every unit, infra/k8s/units/, which the overlays take whole. */
export function unitsKustomization(units: readonly CountryCode[]): string {
  return `${WRITTEN_BY}
# Every national unit of infra/k8s/units.txt, each in its own namespace.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
${units.map((code) => `  - ${code.toLowerCase()}`).join("\n")}
`;
}

/** Every file for `units` (in the units file's order) under `dir`: path → content. */
export function unitKustomizations(units: readonly CountryCode[], dir = UNITS_DIR): Map<string, string> {
  return new Map([
    [path.join(dir, "kustomization.yaml"), unitsKustomization(units)],
    ...units.map((code, position): [string, string] => [
      path.join(dir, code.toLowerCase(), "kustomization.yaml"),
      unitKustomization(code, position),
    ]),
  ]);
}
