import { z } from "zod";
import {
  corsPolicyFromEnv,
  FOUNDING_UNITS,
  DEFAULT_CENTRAL_PORT,
  DEFAULT_GATEWAY_PORT,
  defaultUnitPort,
  nodeEnv,
  port,
  readConfig,
  authSettingsFromEnv,
  cursorMasterKeys,
  gatewaySigningKey,
  GRAPH_AUDIENCE,
  tokenRulesFromEnv,
  type AuthSettings,
  type CorsPolicy,
  type CountryCode,
  type CursorKeys,
  type GatewaySigningKey,
  type TokenRules,
} from "@smart/platform";
import { DEFAULT_ADMISSION, FAN_OUT_WEIGHT, type AdmissionLimits } from "./admission.js";

const httpUrl = (fallback: string) =>
  z
    .string()
    .url("expected a URL such as http://127.0.0.1:4001/graphql")
    .regex(/^https?:\/\//, "expected an http(s) URL")
    .default(fallback);

const localUrl = (port: number) => `http://127.0.0.1:${port}/graphql`;

const shape = {
  PORT: port(DEFAULT_GATEWAY_PORT),
  /** Interface to listen on; 0.0.0.0 in a container. */
  HOST: z.string().min(1).default("127.0.0.1"),
  ...(Object.fromEntries(
    FOUNDING_UNITS.map((code) => [`UNIT_URL_${code}`, httpUrl(localUrl(defaultUnitPort(code)))]),
  ) as Record<`UNIT_URL_${CountryCode}`, ReturnType<typeof httpUrl>>),
  CENTRAL_URL: httpUrl(localUrl(DEFAULT_CENTRAL_PORT)),
  SHARD_DEADLINE_MS: z.coerce
    .number({ invalid_type_error: "expected milliseconds" })
    .int("expected whole milliseconds")
    .min(1, "expected at least 1 ms")
    .default(2000),
  SUPERGRAPH_PATH: z.string().min(1).optional(),
  /**
   * What must answer its /ready for the gateway's own: `all` (every unit and central),
   * `none` (the gateway serves partial answers whatever is down), or a list such as `central,BE`.
   */
  READY_REQUIRES: z
    .string()
    .default("all")
    .transform((value, context) => {
      const list = value
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean);
      if (list.length === 1 && list[0] === "all") return [...FOUNDING_UNITS, "central" as const];
      if (list.length === 1 && list[0] === "none") return [];
      const known = new Set<string>([...FOUNDING_UNITS, "central"]);
      const unknown = list.filter((part) => !known.has(part));
      if (unknown.length)
        context.addIssue({
          code: z.ZodIssueCode.custom,
          message: `expected all, none, or a list of ${FOUNDING_UNITS.join(", ")}, central (not ${unknown.join(", ")})`,
        });
      return list;
    }),
  QUERY_MAX_UNIT_CALLS: z.coerce.number().int("expected a whole number").min(1, "expected at least 1").default(45),
  /** The most bytes of the units' answers one request may hold in the gateway (see docs/limits.md). */
  GATEWAY_MAX_ANSWER_BYTES: z.coerce
    .number()
    .int("expected whole bytes")
    .min(1024, "expected at least 1024")
    .default(16 * 2 ** 20),
  /** Europe-wide requests worked on at once: the unit calls in flight, in fan-outs (a booking weighs a ninth of one). */
  GATEWAY_MAX_IN_FLIGHT: z.coerce
    .number()
    .int("expected a whole number")
    .min(1, "expected at least 1")
    .default(DEFAULT_ADMISSION.maxWeight / FAN_OUT_WEIGHT),
  GATEWAY_MAX_QUEUED: z.coerce
    .number()
    .int("expected a whole number")
    .min(0, "expected 0 or more")
    .default(DEFAULT_ADMISSION.maxQueued),
  PUBLIC_MAX_AGE_SECONDS: z.coerce.number().int("expected whole seconds").min(0, "expected 0 or more").default(30),
  PUBLIC_RESPONSE_CACHE_SECONDS: z.coerce
    .number()
    .int("expected whole seconds")
    .min(0, "expected 0 or more")
    .max(300, "expected at most 300")
    .default(0),
  NODE_ENV: nodeEnv(),
  /** Seconds between rounds of the worker finishing pending erasures and transfers; 0: no worker. */
  MEMBER_RIGHTS_RETRY_SECONDS: z.coerce
    .number({ invalid_type_error: "expected seconds" })
    .min(0, "expected 0 or more")
    .default(60),
  GRAPHIQL: z.enum(["on", "off"], { errorMap: () => ({ message: "expected on or off" }) }).optional(),
};

export interface GatewayConfig {
  port: number;
  host: string;
  unitUrls: Record<CountryCode, string>;
  centralUrl: string;
  deadlineMs: number;
  supergraphPath?: string;
  /** What must be up for /ready (READY_REQUIRES). */
  /** Unit codes and `central`. */
  requiredForReady: string[];
  production: boolean;
  /** Whose tokens it accepts (AUTH_ISSUER, AUTH_JWKS_URI) and its audience (AUTH_AUDIENCE, default urn:smart:graph). */
  auth: AuthSettings;
  /** GATEWAY_SIGNING_KEY and GATEWAY_SIGNING_KEY_ID: signs every unit and central call. */
  signingKey: GatewaySigningKey;
  /** CURSOR_MASTER_KEY (and CURSOR_MASTER_KEY_ACCEPTED): the units' cursor keys and the gateway's own derive from it. */
  cursorMasterKeys: CursorKeys;
  tokenRules: TokenRules;
  maxUnitCalls: number;
  /** GATEWAY_MAX_ANSWER_BYTES. */
  maxAnswerBytes: number;
  /** GATEWAY_MAX_IN_FLIGHT (in fan-outs) and GATEWAY_MAX_QUEUED; the waits and shares are DEFAULT_ADMISSION's. */
  admission: AdmissionLimits;
  publicMaxAgeSeconds: number;
  /** How long this gateway keeps public anonymous answers (PUBLIC_RESPONSE_CACHE_SECONDS; 0: not at all). */
  responseCacheSeconds: number;
  /** Which web origins may call the gateway (CORS_ORIGINS). */
  cors: CorsPolicy;
  /** Serve the IDE at GET /graphql: in development, or with GRAPHIQL=on. */
  ide: boolean;
  /** MEMBER_RIGHTS_RETRY_SECONDS (0: none). */
  memberRightsRetrySeconds: number;
}

/** The gateway's settings from the environment; throws a ConfigError naming each bad variable. */
export function readGatewayConfig(env: NodeJS.ProcessEnv): GatewayConfig {
  const config = readConfig(shape, env);
  return {
    port: config.PORT,
    host: config.HOST,
    unitUrls: Object.fromEntries(
      FOUNDING_UNITS.map((code) => [code, config[`UNIT_URL_${code}` as keyof typeof config]]),
    ) as Record<CountryCode, string>,
    centralUrl: config.CENTRAL_URL,
    deadlineMs: config.SHARD_DEADLINE_MS,
    ...(config.SUPERGRAPH_PATH ? { supergraphPath: config.SUPERGRAPH_PATH } : {}),
    requiredForReady: config.READY_REQUIRES,
    production: config.NODE_ENV === "production",
    auth: authSettingsFromEnv(env, GRAPH_AUDIENCE),
    signingKey: gatewaySigningKey(env),
    cursorMasterKeys: cursorMasterKeys(env),
    tokenRules: tokenRulesFromEnv(env),
    maxUnitCalls: config.QUERY_MAX_UNIT_CALLS,
    maxAnswerBytes: config.GATEWAY_MAX_ANSWER_BYTES,
    admission: {
      ...DEFAULT_ADMISSION,
      maxWeight: config.GATEWAY_MAX_IN_FLIGHT * FAN_OUT_WEIGHT,
      maxQueued: config.GATEWAY_MAX_QUEUED,
    },
    publicMaxAgeSeconds: config.PUBLIC_MAX_AGE_SECONDS,
    responseCacheSeconds: config.PUBLIC_RESPONSE_CACHE_SECONDS,
    cors: corsPolicyFromEnv(env),
    ide: config.GRAPHIQL ? config.GRAPHIQL === "on" : config.NODE_ENV !== "production",
    memberRightsRetrySeconds: config.MEMBER_RIGHTS_RETRY_SECONDS,
  };
}
