import { Kind, type ObjectTypeDefinitionNode, type StringValueNode, type EnumValueNode } from "graphql";
import type { AccessRule } from "@smart/platform";
import { nationalTypeDefs } from "@smart/schema";

/** The `@access` rule of each `Member` field as the SDL declares it (absent: PUBLIC). */
export const MEMBER_FIELD_RULES: ReadonlyMap<string, AccessRule> = (() => {
  const member = nationalTypeDefs().definitions.find(
    (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === "Member",
  );
  const rules = new Map<string, AccessRule>();
  for (const field of member?.fields ?? []) {
    const rule = field.directives
      ?.find((d) => d.name.value === "access")
      ?.arguments?.find((a) => a.name.value === "rule")?.value;
    if (rule) rules.set(field.name.value, (rule as EnumValueNode | StringValueNode).value as AccessRule);
  }
  return rules;
})();
