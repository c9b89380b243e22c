import { randomUUID } from "node:crypto";
import type { ApolloServerPlugin } from "@apollo/server";
import { MapperKind, mapSchema } from "@graphql-tools/utils";
import { defaultFieldResolver, GraphQLError, type GraphQLSchema } from "graphql";
import type { Logger, Viewer } from "@smart/platform";
import type { DataSource } from "typeorm";
import { MEMBER_FIELD_RULES } from "../access/memberFieldRules.js";

/** The Member fields the SDL guards with OWNER: the personal data whose reads are logged. */
export const PERSONAL_FIELDS: readonly string[] = [...MEMBER_FIELD_RULES]
  .filter(([, rule]) => rule === "OWNER")
  .map(([field]) => field);

/** The personal fields of each member one request read, written once when it ends. */
export class PersonalReads {
  private readonly byMember = new Map<string, Set<string>>();

  constructor(
    readonly viewer: Viewer,
    /** The caller's `x-request-id` (the gateway's), or one made up here. */
    readonly requestId: string,
  ) {}

  /** A read by the member themself is theirs to make, and not logged. */
  record(memberId: string, field: string): void {
    if (this.viewer.role === "member" && this.viewer.sub === memberId) return;
    let fields = this.byMember.get(memberId);
    if (!fields) this.byMember.set(memberId, (fields = new Set()));
    fields.add(field);
  }

  get isEmpty(): boolean {
    return this.byMember.size === 0;
  }

  /** One INSERT for the whole request, whatever the number of members read. */
  async write(dataSource: DataSource): Promise<void> {
    if (this.isEmpty) return;
    const members = [...this.byMember.keys()];
    const fields = members.map((id) => [...this.byMember.get(id)!].sort().join(","));
    const { actor, role, unit } = actorOf(this.viewer);
    await dataSource.query(
      `INSERT INTO personal_data_access (member_id, actor, role, unit, fields, request_id)
       SELECT m, $3, $4, $5, string_to_array(f, ','), $6 FROM unnest($1::text[], $2::text[]) AS t(m, f)`,
      [members, fields, actor, role, unit, this.requestId],
    );
  }
}

/** Who read: tokens of staff and of the central office name a role (and unit), not a person; the gateway's own work, its work. */
export function actorOf(viewer: Viewer): { actor: string; role: string; unit: string | null } {
  switch (viewer.role) {
    case "member":
      return { actor: viewer.sub, role: "member", unit: viewer.unit };
    case "unit_staff":
      return { actor: `unit_staff@${viewer.unit}`, role: "unit_staff", unit: viewer.unit };
    case "central_office":
      return { actor: "central_office", role: "central_office", unit: null };
    case "service":
      return { actor: `gateway:${viewer.work}`, role: "service", unit: null };
    default:
      return { actor: "anonymous", role: "anonymous", unit: null };
  }
}

export const requestIdOf = (header: string | string[] | undefined): string => {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[\w.:-]{1,100}$/.test(value) ? value : randomUUID();
};

/**
 * Wraps each personal field of Member so that a read that passed the access
 * rule (apply after enforceAccessDirective) is recorded in the request's log.
 */
export function recordPersonalReads<TContext extends { personalReads: PersonalReads }>(
  schema: GraphQLSchema,
): GraphQLSchema {
  const personal = new Set(PERSONAL_FIELDS);
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      if (typeName !== "Member" || !personal.has(fieldName)) return field;
      const resolve = field.resolve ?? defaultFieldResolver;
      return {
        ...field,
        resolve(parent, args, context: TContext, info) {
          const value = resolve(parent, args, context, info);
          const id = (parent as { id?: unknown } | null)?.id;
          if (typeof id === "string") context.personalReads.record(id, fieldName);
          return value;
        },
      };
    },
  });
}

/**
 * Writes each request's reads before its answer leaves. A read that cannot be
 * logged is not answered: the response becomes an INTERNAL_SERVER_ERROR.
 */
export function personalReadsPlugin<TContext extends { personalReads: PersonalReads; dataSource: DataSource }>(
  logger: Logger,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (contextValue.personalReads.isEmpty) return;
          try {
            await contextValue.personalReads.write(contextValue.dataSource);
          } catch (error) {
            logger.error({ err: error }, "personal data access log write failed; answer withheld");
            if (response.body.kind === "single") {
              response.body.singleResult = {
                errors: [
                  new GraphQLError("The read could not be logged, so it is not answered.", {
                    extensions: { code: "INTERNAL_SERVER_ERROR" },
                  }).toJSON(),
                ],
              };
            }
          }
        },
      };
    },
  };
}

/** Deletes the log's rows older than `retentionDays` (the table's trigger refuses any other DELETE). */
export async function purgeAccessLog(dataSource: DataSource, retentionDays: number): Promise<number> {
  return dataSource.transaction(async (manager) => {
    await manager.query(`SELECT set_config('smart.access_log_retention', $1, true)`, [`${retentionDays} days`]);
    const [, deleted] = await manager.query<[unknown, number]>(
      `DELETE FROM personal_data_access WHERE at < now() - $1::interval`,
      [`${retentionDays} days`],
    );
    return deleted ?? 0;
  });
}

export const forbiddenAccessLog = () =>
  new GraphQLError("You may not read this member's access log.", { extensions: { code: "FORBIDDEN" } });
