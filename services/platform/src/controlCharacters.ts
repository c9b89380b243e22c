import { GraphQLError, Kind, visit, type DocumentNode } from "graphql";

// C0 controls and NUL, but tab, line feed and carriage return.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

interface ControlCharacterHit {
  /** The variable path (`$input.firstName`) or the argument holding the literal. */
  where: string;
  /** The innermost input field or argument name. */
  argumentName?: string;
}

const literalHits = new WeakMap<DocumentNode, ControlCharacterHit | null>();

/**
 * Refuses text holding a control character (other than tab and line breaks), in
 * the document's string literals (looked for once per parsed document) or in any
 * variable, however deep, with BAD_USER_INPUT naming where: such text is never a
 * name, an address or a note, and would reach logs and databases as it is.
 */
export function checkNoControlCharacters(document: DocumentNode, variables: Record<string, unknown> | undefined): void {
  let literal = literalHits.get(document);
  if (literal === undefined) literalHits.set(document, (literal = controlCharacterInLiterals(document) ?? null));
  const hit = literal ?? controlCharacterInVariables(variables);
  if (!hit) return;
  throw new GraphQLError(
    `${hit.where}: control characters (other than tab and line breaks) are not accepted in text.`,
    {
      extensions: {
        code: "BAD_USER_INPUT",
        http: { status: 400 },
        ...(hit.argumentName ? { argumentName: hit.argumentName } : {}),
      },
    },
  );
}

/** Where a string literal of the document holds a control character; undefined if none does. */
function controlCharacterInLiterals(document: DocumentNode): ControlCharacterHit | undefined {
  let found: ControlCharacterHit | undefined;
  const names: string[] = [];
  visit(document, {
    [Kind.ARGUMENT]: { enter: (node) => void names.push(node.name.value), leave: () => void names.pop() },
    [Kind.OBJECT_FIELD]: { enter: (node) => void names.push(node.name.value), leave: () => void names.pop() },
    [Kind.STRING]: (node) => {
      if (found === undefined && CONTROL_CHARACTER.test(node.value))
        found = { where: `Argument ${names.join(".")}`, argumentName: names.at(-1)! };
    },
  });
  return found;
}

/** Where a variable (however deep) holds a control character; undefined if none does. */
function controlCharacterInVariables(variables: Record<string, unknown> | undefined): ControlCharacterHit | undefined {
  const search = (value: unknown, path: string, key: string | undefined): ControlCharacterHit | undefined => {
    if (typeof value === "string")
      return CONTROL_CHARACTER.test(value) ? { where: path, ...(key ? { argumentName: key } : {}) } : undefined;
    const entries = Array.isArray(value)
      ? value.map((item, i) => [`[${i}]`, item, key] as const)
      : value && typeof value === "object"
        ? Object.entries(value).map(([k, item]) => [`.${k}`, item, k] as const)
        : [];
    for (const [step, item, itemKey] of entries) {
      const hit = search(item, `${path}${step}`, itemKey);
      if (hit) return hit;
    }
    return undefined;
  };
  for (const [name, value] of Object.entries(variables ?? {})) {
    const hit = search(value, `$${name}`, undefined);
    if (hit) return hit;
  }
  return undefined;
}
