import path from "node:path";
import { FOUNDING_UNITS, type CountryCode } from "@smart/platform";
import { REPO_ROOT } from "../stack/paths.js";

/** Where the per-unit Kustomizations live: infra/k8s/units/<cc>/kustomization.yaml. */
export const UNITS_DIR = path.join(REPO_ROOT, "infra", "k8s", "units");

/** The Kubernetes namespace of a unit: `smart-be`. */
export const unitNamespace = (code: CountryCode) => `smart-${code.toLowerCase()}`;

/** The audience a unit accepts a token for (its staff's tokens name it): `urn:smart:unit:be`. */
export const unitAudience = (code: CountryCode) => `urn:smart:unit:${code.toLowerCase()}`;

/** A unit's backup prefix in the bucket: `s3://smart-db-backups/be/` (central's is `…/central/`). */
export const unitBackupPath = (code: CountryCode) => `s3://smart-db-backups/${code.toLowerCase()}/`;

/**
 * When a unit's database takes its daily base backup (CloudNativePG's six fields, seconds
 * first): central's at 02:00, then one unit every six minutes (AT 02:06 … SE 02:54), so the
 * ten never upload at once.
 */
export const unitBackupSchedule = (code: CountryCode) =>
  `0 ${6 * ((FOUNDING_UNITS as readonly string[]).indexOf(code) + 1)} 2 * * *`;

/**
 * The Kustomization that puts the shared unit (infra/k8s/unit) into one unit's
 * namespace and names its unit, its audience, its backups' prefix and time, and its staff host. Written by `npm run k8s:units`;
 * a test fails when a committed file differs from what this returns.
 */
export function unitKustomization(code: CountryCode): string {
  const cc = code.toLowerCase();
  return `# Written by \`npm run k8s:units\` (scripts/src/k8s/units.ts): do not edit by hand.
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
        value: "${unitBackupSchedule(code)}"
  - target:
      kind: HTTPRoute
      name: national-staff
    patch: |-
      - op: replace
        path: /spec/hostnames/0
        value: ${cc}.staff.smart.example
`;
}

/** Every unit's file: path → content. */
export function unitKustomizations(): Map<string, string> {
  return new Map(
    FOUNDING_UNITS.map((code) => [
      path.join(UNITS_DIR, code.toLowerCase(), "kustomization.yaml"),
      unitKustomization(code),
    ]),
  );
}
