import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import express from "express";
import {
  badUserInput,
  FOUNDING_UNITS,
  createGraphqlApp,
  listen,
  sendJson,
  type RequestWithBody,
  type FoundingUnit,
  type OrderName,
  type RunningServer,
} from "@smart/platform";
import { parse, type DocumentNode } from "graphql";
import { nationalTypeDefs } from "@smart/schema";
import { UNIT_SCHEMA_QUERY } from "../../shardRouter/unitSchemas.js";
import { cursorOf, keysetPage, testCursors, type TestMember } from "./memberData.js";

/**
 * In-memory national units for the router's tests: the real national SDL over a
 * few members each, on real HTTP, with knobs to make a unit slow, failing or down.
 * (The end-to-end tests run the real national service.)
 */
export interface FakeUnits {
  urls: Record<FoundingUnit, string>;
  /** Every request each unit received, oldest first, but the gateway's asking for its schema. */
  calls: {
    unit: FoundingUnit;
    body: { query: string; variables: Record<string, unknown>; operationName?: string };
    /** The body's bytes as received (what the gateway's Content-Digest covers). */
    raw: Buffer;
    headers: Record<string, string | string[] | undefined>;
  }[];
  /** Changes how a unit answers from now on. */
  behave(unit: FoundingUnit, behaviour: Behaviour): void;
  /** Stops a unit's server: calls to it are refused. */
  stop(unit: FoundingUnit): Promise<void>;
  close(): Promise<void>;
}

export interface Behaviour {
  delayMs?: number;
  /** Answer this status and body instead of running the query. */
  reply?: { status: number; body: string; contentType?: string };
  /** Rewrites the GraphQL answer before it is sent. */
  rewrite?: (body: Record<string, any>) => Record<string, any>;
}

type Context = { unit: FoundingUnit };

function resolvers(members: Record<FoundingUnit, TestMember[]>) {
  const own = (unit: FoundingUnit, country: unknown) => {
    if (country != null && country !== unit)
      throw badUserInput(`This is the ${unit} unit; it cannot answer for ${JSON.stringify(country)}.`);
  };
  const find = (unit: FoundingUnit, id: string) => members[unit].find((m) => m.id === id) ?? null;
  const cities = (unit: FoundingUnit) => [
    { id: `${unit}:capital`, name: `${unit} Capital` },
    { id: `${unit}:harbour`, name: `${unit} Harbour` },
  ];
  return {
    Query: {
      members: (
        _: unknown,
        args: { country?: string; orderBy: OrderName; first: number; after?: string | null },
        { unit }: Context,
      ) => {
        own(unit, args.country);
        if (!(args.first >= 1 && args.first <= 100))
          throw badUserInput(`"first" must be between 1 and 100; got ${args.first}.`);
        const after = args.after == null ? undefined : testCursors.decode(unit, args.after, args.orderBy).key;
        const page = keysetPage(members[unit], args.orderBy, args.first, after);
        const edges = page.members.map((node) => ({ cursor: cursorOf(node, args.orderBy), node }));
        return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
      },
      memberCount: (_: unknown, args: { country?: string }, { unit }: Context) => (
        own(unit, args.country),
        members[unit].length
      ),
      cities: (_: unknown, args: { country?: string }, { unit }: Context) => (own(unit, args.country), cities(unit)),
      member: (_: unknown, { id }: { id: string }, { unit }: Context) => find(unit, id),
    },
    Mutation: {
      updateMember: (_: unknown, { id, input }: { id: string; input: Partial<TestMember> }, { unit }: Context) => {
        const member = find(unit, id);
        if (!member) throw badUserInput(`No member ${id}.`);
        return Object.assign(member, input);
      },
    },
    Member: {
      __resolveReference: ({ id }: { id: string }, { unit }: Context) => find(unit, id),
      displayName: (m: TestMember) => `${m.firstName} ${m.lastName}`,
      initials: (m: TestMember) => `${m.firstName[0]}${m.lastName[0]}`,
      country: (_: unknown, __: unknown, { unit }: Context) => ({ code: unit }),
      email: (m: TestMember) => {
        if (m.id.endsWith(":m2")) throw badUserInput("Test: this email is refused.");
        return `${m.id}@example.org`;
      },
    },
    Country: {
      __resolveReference: ({ code }: { code: FoundingUnit }) => ({ code }),
      memberCount: ({ code }: { code: FoundingUnit }) => members[code].length,
      cities: ({ code }: { code: FoundingUnit }) => cities(code),
    },
    City: {
      __resolveReference: ({ id }: { id: string }, { unit }: Context) => cities(unit).find((c) => c.id === id) ?? null,
    },
  };
}

/**
 * `sdlOf`: the SDL a unit serves, for a unit of another release (default: this release's national SDL);
 * `protocolOf`: the router protocol its /health declares (default: none, i.e. version 1).
 */
export async function startFakeUnits(
  members: Record<FoundingUnit, TestMember[]>,
  options: { sdlOf?: Partial<Record<FoundingUnit, string>>; protocolOf?: Partial<Record<FoundingUnit, number>> } = {},
): Promise<FakeUnits> {
  const schemaOf = (typeDefs: DocumentNode) =>
    buildSubgraphSchema({ typeDefs, resolvers: resolvers(members) as GraphQLResolverMap<unknown> });
  const schema = schemaOf(nationalTypeDefs());
  const calls: FakeUnits["calls"] = [];
  const behaviours = new Map<FoundingUnit, Behaviour>();
  const servers = new Map<FoundingUnit, { http: RunningServer; apollo: ApolloServer<Context> }>();
  for (const unit of FOUNDING_UNITS) {
    const sdl = options.sdlOf?.[unit];
    const apollo = new ApolloServer<Context>({
      schema: sdl ? schemaOf(parse(sdl)) : schema,
      includeStacktraceInErrorResponses: false,
      plugins: [ApolloServerPluginInlineTraceDisabled()],
    });
    await apollo.start();
    const app = createGraphqlApp({
      apollo,
      context: async () => ({ unit }),
      routes: {
        "GET /ready": (_req, res) => sendJson(res, 200, { status: "ready" }),
        "GET /health": (_req, res) => sendJson(res, 200, { status: "ok", protocol: options.protocolOf?.[unit] }),
      },
    });
    const front = express();
    front.use(express.raw({ type: () => true, limit: "1mb" }), async (req, res, next) => {
      // The app reads the bytes read here (rawBody), as it would behind any proxy that buffers.
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      (req as RequestWithBody).rawBody = raw;
      const body = raw.length ? JSON.parse(raw.toString("utf8")) : undefined;
      // The gateway's questions of what the unit serves and speaks (shardRouter/unitSchemas.ts) are not routed calls.
      const askedWhatItServes = body?.query === UNIT_SCHEMA_QUERY || (req.method === "GET" && req.path === "/health");
      if (!askedWhatItServes) calls.push({ unit, body, raw, headers: req.headers });
      const behaviour = behaviours.get(unit) ?? {};
      if (behaviour.delayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
      if (req.socket.destroyed) return; // the caller gave up, or the unit is stopping
      if (behaviour.reply) {
        res
          .status(behaviour.reply.status)
          .type(behaviour.reply.contentType ?? "application/json")
          .send(behaviour.reply.body);
        return;
      }
      if (behaviour.rewrite) {
        const rewrite = behaviour.rewrite;
        const end = res.end.bind(res) as (body?: unknown) => typeof res;
        res.end = ((body?: unknown) => {
          if (typeof body !== "string") return end(body);
          const rewritten = JSON.stringify(rewrite(JSON.parse(body)));
          res.setHeader("content-length", Buffer.byteLength(rewritten));
          return end(rewritten);
        }) as typeof res.end;
      }
      next();
    });
    front.use(app);
    servers.set(unit, { http: await listen(front, 0), apollo });
  }
  const stop = async (unit: FoundingUnit) => {
    const server = servers.get(unit);
    servers.delete(unit);
    await server?.http.close();
    await server?.apollo.stop();
  };
  return {
    urls: Object.fromEntries([...servers].map(([unit, s]) => [unit, s.http.url])) as Record<FoundingUnit, string>,
    calls,
    behave: (unit, behaviour) => void behaviours.set(unit, behaviour),
    stop,
    close: async () => void (await Promise.all([...servers.keys()].map(stop))),
  };
}
