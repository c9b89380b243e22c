import { ApolloGateway, type GraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import path from "node:path";
import type { RequestListener } from "node:http";
import express from "express";
import { GraphQLError, GraphQLScalarType, type DocumentNode, type GraphQLSchema } from "graphql";
import { InMemoryLRUCache } from "@apollo/utils.keyvaluecache";
import { randomUUID } from "node:crypto";
import {
  createGatewaySigner,
  createGraphqlApp,
  createLogger,
  createTokenVerifier,
  jwksKeys,
  DateScalar,
  CountryCodeScalar,
  isDraining,
  sendJson,
  metricsPlugin,
  requestsShed,
  developmentCursorMasterKeys,
  developmentSigningKey,
  gatewayCursors,
  queryLimitsFromEnv,
  queryLimitsPlugin,
  type AuthSettings,
  type CorsPolicy,
  type CountryCode,
  type CursorKeys,
  type GatewaySigningKey,
  type Logger,
  type QueryLimits,
  type TokenRules,
  type Viewer,
} from "@smart/platform";
import {
  admissionControl,
  callerOf,
  DEFAULT_ADMISSION,
  shedReport,
  type AdmissionLimits,
  type AdmissionTicket,
} from "./admission.js";
import { cachePolicyPlugin } from "./cachePolicy.js";
import { publicResponseCache } from "./responseCache.js";
import { CentralDataSource } from "./centralDataSource.js";
import { formatGatewayError } from "./errorFormatting.js";
import { serveIde } from "./ide.js";
import { allowingProvider, serveSignInConfig, signInPageConfig, type SignInOptions } from "./signIn/serve.js";
import { SAME_ORIGIN_ONLY } from "./staticPages.js";
import { probeTargets, READY_RESULT_MAX_AGE_MS, recentProbes, type ProbeTarget } from "./readiness.js";
import { ReferencesDataSource } from "./references/index.js";
import {
  CrossUnitBookingCheck,
  MemberRightsDataSource,
  MovedMemberFollower,
  startMemberRightsRetry,
} from "./memberRights/index.js";
import { ballotSeal } from "./vote/ballotSeal.js";
import { routerNamespaceRule } from "./routerNamespaceRule.js";
import { ShardRouter, type UnitRequest } from "./shardRouter/index.js";
import { SUBGRAPHS } from "./subgraphs.js";
import { readSupergraph } from "./supergraph.js";
import { coercedVariables, planPricer, tooManyUnitCalls } from "./unitCallBudget.js";
import { allowanceSpentPlugin, UnitCallAllowance } from "./unitCallAllowance.js";
import { keepAliveAgent } from "./upstream.js";
import { CACHE_MIB } from "./memoryBudget.js";
import {
  DEFAULT_UNIT_DIRECTORY_REFRESH_MS,
  DEFAULT_UNIT_URLS,
  refreshingOnUnitChanges,
  UnitDirectory,
  type Units,
} from "./unitDirectory/index.js";

export { SUBGRAPHS } from "./subgraphs.js";
export { GATEWAY_HEAP_MB, GATEWAY_NODE_ARGS } from "./memoryBudget.js";

export interface GatewayOptions {
  /** The composed supergraph; read from `supergraphPath` (default schema/supergraph.graphql) when absent. */
  supergraphSdl?: string;
  supergraphPath?: string;
  /** The units served until the central office's directory has answered once (GATEWAY_UNITS), or for good without it. */
  units: readonly CountryCode[];
  /** Units' own GraphQL endpoints, by code (UNIT_URL_<CODE>); any other unit's comes from `unitUrlTemplate`. */
  unitUrls?: Readonly<Record<CountryCode, string>>;
  /** UNIT_URL_TEMPLATE: {code}, {code_lower} and {port} filled in (default http://127.0.0.1:{port}/graphql). */
  unitUrlTemplate?: string;
  /**
   * Seconds between two questions to central: which units are admitted (default 10); false: never asked,
   * the units are `units` for good.
   */
  unitDirectoryRefreshSeconds?: number | false;
  centralUrl: string;
  /** How long a unit (or central) may take per call before its part is given up. */
  deadlineMs: number;
  /** Deadline of each /ready probe (default: the smaller of 1 s and `deadlineMs`). */
  readyTimeoutMs?: number;
  /** What must be up for /ready to answer 200: `all` (default: every unit admitted, and central), or unit codes and `central`. */
  requiredForReady?: "all" | readonly string[];
  /** Depth, cost, alias and token limits, refused before any unit is called (default: the platform's). */
  limits?: QueryLimits;
  /**
   * The identity provider whose tokens it accepts, and its audience (the European
   * graph). The gateway refuses a bad token (401) before planning, and names the
   * caller it verified inside its signed calls.
   */
  auth: AuthSettings;
  /** The private key every unit and central call is signed with (default: the development key). */
  signingKey?: GatewaySigningKey;
  /** The cursor master key(s): the units' cursor keys and the gateway's own derive from them (default: the development master). */
  cursorMasterKeys?: CursorKeys;
  /** Token lifetime and clock skew (default: the platform's, 24 h and 60 s). */
  tokenRules?: TokenRules;
  /** Admission by weight (unit calls), waiting time and client (default DEFAULT_ADMISSION; docs/limits.md). */
  admission?: Partial<AdmissionLimits>;
  /** `max-age` of anonymous answers without errors (default 30 s; 0: nothing is public). */
  publicMaxAgeSeconds?: number;
  /** Keep public anonymous answers this long in this process (default 0: no response cache). */
  responseCacheSeconds?: number;
  /** Unit calls one request's plan may make (default 45: five fan-outs to nine units): its price, and its allowance as the calls go out. */
  maxUnitCalls?: number;
  /** Bytes of the units' answers one request may hold (default 16 MiB): past them, no more of its calls. */
  maxAnswerBytes?: number;
  /** Production: no introspection, no stack traces, no IDE (unless `ide`). */
  production?: boolean;
  /** Serve the IDE (GraphiQL, built by ide/build.ts) at GET /graphql for browsers (default: not in production). */
  ide?: boolean;
  /** Which web origins may call the gateway (default: from CORS_ORIGINS and NODE_ENV). */
  cors?: CorsPolicy;
  /**
   * How the IDE and the dashboard sign people in (Authorization Code + PKCE), told
   * to them at GET /sign-in.json. Default: at `auth.issuer`, for a token naming
   * `auth.audience`, as the public clients smart-ide and smart-dashboard; `false`:
   * the pages stay anonymous.
   */
  signIn?: Partial<SignInOptions> | false;
  logger?: Logger;
  /**
   * Seconds between two rounds of the worker that finishes pending erasures and
   * transfers (the first round runs at start). Default: no worker (index.ts
   * starts one from MEMBER_RIGHTS_RETRY_SECONDS).
   */
  memberRightsRetrySeconds?: number;
  /** How each unit's own schema is asked for (default: at start and every 30 s); false: every unit is taken to serve the gateway's. */
  unitSchemas?: { refreshMs?: number } | false;
  /** Hook before each unit call, once the caller's headers are set (tests count calls here). */
  willSendUnitRequest?: (request: UnitRequest) => void | Promise<void>;
}

/** What the gateway's request pipeline knows of each request: the caller, verified once, and the request's ID (sent with every unit call). */
export interface GatewayContext {
  viewer: Viewer;
  /** Made here for every request, never the caller's own x-request-id: units' access logs record it, signed with each call. */
  requestId: string;
  /** The unit calls it may make (QUERY_MAX_UNIT_CALLS), spent by the shard router as they go out. */
  unitCalls: UnitCallAllowance;
  /** The request's place in admission control, told its price once planned (absent for the gateway's own requests). */
  admission?: AdmissionTicket | undefined;
  /**
   * Runs `work` once the answer has left (or the caller hung up): what the caller need not wait for
   * (a ballot's settle in its unit). Absent for the gateway's own requests: such work runs at once.
   */
  afterAnswer?: ((work: () => void) => void) | undefined;
}

export interface Gateway {
  apollo: ApolloServer<GatewayContext>;
  /** Serves /graphql, /health, /ready, /metrics and the pages; does not listen. */
  app: RequestListener;
  router: ShardRouter;
  /** The units it serves now and where they are (central's directory, asked every UNIT_DIRECTORY_REFRESH_SECONDS). */
  units: UnitDirectory;
  /** Stops Apollo and closes the connection pools. */
  stop(): Promise<void>;
}

export const DEFAULT_MAX_UNIT_CALLS = 45;
/** A request's share of the gateway's 128 MB heap for the units' answers (their text; parsed, a few times more). */
export const DEFAULT_MAX_ANSWER_BYTES = 16 * 2 ** 20;
export const DEFAULT_PUBLIC_MAX_AGE_SECONDS = 30;

/** Where `npm run build` puts the dashboard (from src/ under tsx, and from dist/ alike). */
const DASHBOARD_DIR = path.resolve(import.meta.dirname, "../dist/dashboard");
/** Where `npm run build` puts the participation page (participate/build.ts). */
const PARTICIPATE_DIR = path.resolve(import.meta.dirname, "../dist/participate");

/** Builds (and starts, without listening) the European gateway. */
export async function buildGateway(options: GatewayOptions): Promise<Gateway> {
  const production = options.production ?? false;
  const logger = options.logger ?? createLogger("gateway");
  const limits = options.limits ?? queryLimitsFromEnv({});
  const supergraphSdl = options.supergraphSdl ?? readSupergraph(options.supergraphPath);
  const dispatcher = keepAliveAgent();
  // @apollo/gateway otherwise exports usage metrics to Apollo from every gateway (a switch it reads from the environment only).
  process.env.APOLLO_TELEMETRY_DISABLED ??= "true";
  // Imported once: every unit call is signed with it.
  const signer = createGatewaySigner(options.signingKey ?? developmentSigningKey());
  const maxUnitCalls = options.maxUnitCalls ?? DEFAULT_MAX_UNIT_CALLS;
  const cursorMasters = options.cursorMasterKeys ?? developmentCursorMasterKeys();
  // The choices of ballots the units hold pending are sealed under a key derived from the same master (gateway/src/vote/).
  const ballots = ballotSeal(cursorMasters);
  const central = new CentralDataSource({
    url: options.centralUrl,
    deadlineMs: options.deadlineMs,
    dispatcher,
    signer,
    logger,
  });
  // Which units exist is central's directory's to say: every request is routed among the units admitted as it is planned.
  const refreshSeconds = options.unitDirectoryRefreshSeconds ?? DEFAULT_UNIT_DIRECTORY_REFRESH_MS / 1000;
  const units = new UnitDirectory({
    units: options.units,
    urls: { template: options.unitUrlTemplate ?? DEFAULT_UNIT_URLS.template, overrides: options.unitUrls ?? {} },
    ...(refreshSeconds === false ? {} : { central, refreshMs: refreshSeconds * 1000 }),
    logger,
  });
  const router = new ShardRouter({
    supergraphSdl,
    units,
    deadlineMs: options.deadlineMs,
    signer,
    cursors: gatewayCursors(cursorMasters),
    dispatcher,
    logger,
    // The units read the same QUERY_MAX_TOKENS as the gateway.
    unitMaxTokens: limits.maxTokens,
    // Each unit planned against what it publishes: a unit one release behind keeps answering (docs/unit-protocol.md).
    unitSchemas: options.unitSchemas ?? {},
    ...(options.willSendUnitRequest ? { willSendRequest: options.willSendUnitRequest } : {}),
  });
  // Runs in this process: it answers the cross-border fields with references that the router then resolves.
  const references = new ReferencesDataSource({ national: router, central, units, logger });
  // Also in this process: what spans a member's data in every unit and central (units make no outbound calls).
  const memberRights = new MemberRightsDataSource({ national: router, central, units, logger, ballotSeal: ballots });
  // What the planner asks of the units: a member who moved is answered from the unit they moved to; a member
  // booking in another unit's workspace is checked in their own unit first.
  const national = new CrossUnitBookingCheck(new MovedMemberFollower(router));
  const services: Record<string, GraphQLDataSource> = {
    [SUBGRAPHS.national]: national,
    [SUBGRAPHS.central]: refreshingOnUnitChanges(central, units),
    [SUBGRAPHS.references]: references,
    [SUBGRAPHS.memberRights]: memberRights,
  };
  const price = planPricer(services, () => units.units().length);
  const gateway = new ApolloGateway({
    supergraphSdl,
    // The shard router reads the planner's parsed fetch instead of parsing it again.
    queryPlannerConfig: { exposeDocumentNodeInFetchNode: true },
    experimental_approximateQueryPlanStoreMiB: CACHE_MIB.queryPlans,
    logger,
    buildService: ({ name, url }) => {
      if (Object.hasOwn(services, name)) return services[name]!;
      throw new Error(`The supergraph names a subgraph the gateway does not know: ${name} (${url ?? "no URL"})`);
    },
    // Priced once planned, refused before any fetch runs (Apollo answers the thrown error with its HTTP status).
    experimental_didResolveQueryPlan: ({ queryPlan, requestContext }) => {
      const { calls, inFlight } = price(queryPlan, {
        document: requestContext.document,
        operationName: requestContext.operationName ?? null,
        // As the operation will run: its variables' defaults applied, values coerced (an omitted `$x: Boolean = true` is true).
        variables: coercedVariables(requestContext),
      });
      if (calls > maxUnitCalls) throw tooManyUnitCalls(calls, maxUnitCalls, units.units().length);
      // Admission weighs what it has in flight at once: a ballot's four calls go one after another.
      (requestContext.context as Partial<GatewayContext>).admission?.priced(inFlight);
    },
  });
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => parseScalarsAsTheUnitsDo(apiSchema));
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // Bounded to the gateway's memory budget (memoryBudget.ts).
    documentStore: new InMemoryLRUCache<DocumentNode>({ maxSize: CACHE_MIB.documents * 2 ** 20 }),
    cache: new InMemoryLRUCache({ maxSize: CACHE_MIB.responses * 2 ** 20 }),
    introspection: !production,
    includeStacktraceInErrorResponses: !production,
    formatError: formatGatewayError(logger, production),
    // index.ts owns the signals: it closes HTTP first, then Apollo and the pools.
    stopOnTerminationSignals: false,
    // A query refused here costs no unit anything; a fan-out would cost every unit.
    plugins: [
      queryLimitsPlugin(limits),
      allowanceSpentPlugin(),
      metricsPlugin(),
      cachePolicyPlugin(
        options.publicMaxAgeSeconds ?? DEFAULT_PUBLIC_MAX_AGE_SECONDS,
        options.responseCacheSeconds ?? 0,
      ),
      ...(options.responseCacheSeconds ? [publicResponseCache()] : []),
      // The units' own hints never reach it through the shard router: cachePolicyPlugin decides.
      ApolloServerPluginCacheControlDisabled(),
      // Apollo's landing page (Sandbox) loads from a CDN: the gateway serves its own IDE instead.
      ApolloServerPluginLandingPageDisabled(),
    ],
    validationRules: [routerNamespaceRule],
    parseOptions: { maxTokens: limits.maxTokens },
  });
  await apollo.start();
  const retry = options.memberRightsRetrySeconds
    ? startMemberRightsRetry({
        national: router,
        central,
        units,
        intervalMs: options.memberRightsRetrySeconds * 1000,
        logger,
        ballotSeal: ballots,
      })
    : undefined;

  const requiredForReady = options.requiredForReady ?? "all";
  // The units admitted when /ready is asked (and any unit named in READY_REQUIRES, admitted or not).
  const targets = (): ProbeTarget[] => {
    const required = (name: string) => requiredForReady === "all" || requiredForReady.includes(name);
    const probed = new Set([
      ...units.units(),
      ...(requiredForReady === "all" ? [] : requiredForReady.filter((name) => name !== "central")),
    ]);
    return [
      ...[...probed].sort().map((code) => ({ name: code, url: units.urlOf(code), required: required(code) })),
      { name: "central", url: options.centralUrl, required: required("central") },
    ];
  };
  const identityKeys = jwksKeys(options.auth.jwksUri);
  void identityKeys.refresh();
  const tokens = createTokenVerifier({ ...options.auth, keys: identityKeys.getKey, ...options.tokenRules });
  const viewerOf = admittedViewer((authorization) => tokens.viewerOf(authorization), units);
  const reportShed = shedReport((shed) => logger.warn({ shed }, "overloaded: requests shed in the last second"));
  const admission = admissionControl(
    { ...DEFAULT_ADMISSION, ...options.admission },
    {
      clientOf: callerOf(tokens),
      onShed: () => {
        requestsShed.inc({ reason: "overloaded" });
        reportShed();
      },
      fanOutWeight: () => units.units().length,
    },
  );
  const readyTimeoutMs = options.readyTimeoutMs ?? Math.min(1000, options.deadlineMs);
  // /ready is outside admission: every caller shares one round of probes, and its result for a second.
  const readiness = recentProbes(
    () => probeTargets(targets(), { timeoutMs: readyTimeoutMs, dispatcher }),
    READY_RESULT_MAX_AGE_MS,
  );
  // Pages (the dashboard, the IDE) go through express; GraphQL and the probes do not.
  const pages = express();
  pages.disable("x-powered-by");
  // Both pages sign people in at the provider: they fetch its discovery and token endpoint, nothing else.
  const signIn =
    options.signIn === false
      ? undefined
      : signInPageConfig({ issuer: options.auth.issuer, resource: options.auth.audience, ...options.signIn });
  const pagePolicy = allowingProvider(SAME_ORIGIN_ONLY, signIn?.issuer);
  serveSignInConfig(pages, signIn);
  // The dashboard: static files built by dashboard/build.ts; it calls /graphql like any frontend.
  pages.use(
    "/dashboard",
    (_req, res, next) => {
      res.setHeader("content-security-policy", pagePolicy);
      next();
    },
    express.static(DASHBOARD_DIR, { index: "index.html" }),
  );
  // The participation page: a member votes and joins working groups (participate/), through /graphql too.
  pages.use(
    "/participate",
    (_req, res, next) => {
      res.setHeader("content-security-policy", pagePolicy);
      next();
    },
    express.static(PARTICIPATE_DIR, { index: "index.html" }),
  );
  const ide = options.ide ?? !production;
  if (ide) serveIde(pages, logger, pagePolicy);
  const app = createGraphqlApp({
    apollo,
    ...(options.cors ? { cors: options.cors } : {}),
    // Verified here so that a forged or expired token is one 401, not every unit's error.
    context: async ({ req, res }) => ({
      viewer: await viewerOf(req.headers.authorization),
      requestId: randomUUID(),
      unitCalls: new UnitCallAllowance(maxUnitCalls, options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES),
      admission: admission.ticketOf(req),
      afterAnswer: (work: () => void) => (res.closed ? work() : void res.once("close", work)),
    }),
    beforeGraphql: admission,
    routes: {
      "GET /ready": async (_req, res) => {
        if (isDraining()) return sendJson(res, 503, { ready: false, draining: true });
        const report = await readiness();
        // The provider's keys do not decide readiness (anonymous callers need none), but say how they are.
        sendJson(res, report.ready ? 200 : 503, { ...report, identityKeys: identityKeys.state() });
      },
    },
    ...(ide ? { graphqlPage: pages } : {}),
    fallback: pages,
  });
  return {
    apollo,
    app,
    router,
    units,
    async stop() {
      units.close();
      await retry?.stop();
      await apollo.stop();
      await memberRights.sendBallotSettles();
      await router.close();
      await dispatcher.close();
      identityKeys.stop();
    },
  };
}

/**
 * The caller of a verified token, refused (HTTP 401, before any unit is asked) when
 * the token names a unit the graph does not have now: the platform checks the
 * code's shape only; which units exist is the directory's to say.
 */
function admittedViewer(
  verified: (authorization: string | undefined) => Promise<Viewer>,
  units: Pick<Units, "has">,
): (authorization: string | undefined) => Promise<Viewer> {
  return async (authorization) => {
    const viewer = await verified(authorization);
    if ((viewer.role === "member" || viewer.role === "unit_staff") && !units.has(viewer.unit))
      throw new GraphQLError(`Token: its unit ${viewer.unit} is not a unit of the graph.`, {
        extensions: { code: "UNAUTHENTICATED", http: { status: 401 } },
      });
    return viewer;
  };
}

/**
 * A schema built from the supergraph's SDL takes any string as a `Date` or a
 * `CountryCode`. A malformed literal would then pass here and fail validation at every unit
 * it is sent to, which the router can only report as units unavailable. Parsed
 * as the units parse it, the caller hears of it here, before any unit is called:
 * GRAPHQL_VALIDATION_FAILED for a literal, BAD_USER_INPUT for a variable.
 * (Output values are the units' own, and stay as they send them.)
 */
function parseScalarsAsTheUnitsDo(schema: GraphQLSchema): void {
  for (const scalar of [DateScalar, CountryCodeScalar]) {
    const type = schema.getType(scalar.name);
    if (!(type instanceof GraphQLScalarType)) continue;
    type.parseValue = scalar.parseValue;
    type.parseLiteral = scalar.parseLiteral;
  }
}

export { ShardRouter, readShardRules, type ShardRouterOptions, type UnitRequest } from "./shardRouter/index.js";
export { EXAMPLE_TABS, type ExampleTab } from "./ideExamples.js";
