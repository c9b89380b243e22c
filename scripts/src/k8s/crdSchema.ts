import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import { parse } from "yaml";
import { REPO_ROOT } from "../stack/paths.js";

/** The CustomResourceDefinitions vendored from their projects, each at a release (infra/k8s/crds/README.md). */
export const CRDS_DIR = path.join(REPO_ROOT, "infra", "k8s", "crds");

type Schema = {
  [key: string]: unknown;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: unknown;
};

interface Crd {
  spec: {
    group: string;
    names: { kind: string };
    versions: { name: string; served: boolean; schema: { openAPIV3Schema: Schema } }[];
  };
}

/**
 * As the API server with strict field validation (kubectl's default): a field the schema does not
 * name is an error, except where the schema keeps unknown fields. A CRD's structural schema
 * only prunes them; here they fail, so a misspelt field is caught.
 */
function strict(schema: Schema): Schema {
  const copy: Schema = { ...schema };
  if (copy.properties) {
    copy.properties = Object.fromEntries(
      Object.entries(copy.properties).map(([name, property]) => [name, strict(property)]),
    );
    if (copy.additionalProperties === undefined && !copy["x-kubernetes-preserve-unknown-fields"])
      copy.additionalProperties = false;
  }
  if (copy.items) copy.items = strict(copy.items);
  if (copy.additionalProperties && typeof copy.additionalProperties === "object")
    copy.additionalProperties = strict(copy.additionalProperties as Schema);
  return copy;
}

// OpenAPI's formats (int32, int64, date-time …) and Kubernetes' x- keywords are not JSON Schema's:
// formats are not checked, and the CEL rules (x-kubernetes-validations) only a cluster evaluates.
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });

let schemas: Map<string, Schema> | undefined;
const compiled = new Map<string, ValidateFunction>();

/** The validator of `<apiVersion>/<kind>` (e.g. `postgresql.cnpg.io/v1/Cluster`) from the vendored CRD serving it, compiled on first use; undefined when none is vendored. */
export function crdValidator(key: string): ValidateFunction | undefined {
  schemas ??= new Map(
    readdirSync(CRDS_DIR)
      .filter((name) => name.endsWith(".yaml"))
      .flatMap((file) => {
        const crd = parse(readFileSync(path.join(CRDS_DIR, file), "utf8")) as Crd;
        return crd.spec.versions
          .filter((v) => v.served)
          .map((v) => [`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`, v.schema.openAPIV3Schema] as const);
      }),
  );
  const schema = schemas.get(key);
  if (!schema) return undefined;
  if (!compiled.has(key)) compiled.set(key, ajv.compile(strict(schema)));
  return compiled.get(key);
}

/** Throws naming every violation of the object against its kind's CRD. */
export function validateAgainstCrd(validate: ValidateFunction, object: unknown): void {
  if (validate(object)) return;
  throw new Error(
    (validate.errors ?? [])
      .map(
        (error) =>
          `${error.instancePath || "/"} ${error.message}${error.params && "additionalProperty" in error.params ? `: ${String(error.params.additionalProperty)}` : ""}`,
      )
      .join("; "),
  );
}
