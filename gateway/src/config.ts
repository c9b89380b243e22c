import { z } from "zod";
import {
  corsPolicyFromEnv,
  DEFAULT_UNIT_URL_TEMPLATE,
  unitUrlFromTemplate,
  FOUNDING_UNITS,
  DEFAULT_CENTRAL_PORT,
  DEFAULT_GATEWAY_PORT,
  isCountryCode,
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
import { DEFAULT_ADMISSION, DEFAULT_MAX_IN_FLIGHT, type AdmissionLimits } from "./admission.js";
import { DEFAULT_UNIT_DIRECTORY_REFRESH_MS } from "./unitDirectory/index.js";

const httpUrl = (fallback: string) =>
  z
    .string()
    .url("expected a URL such as http://127.0.0.1:4001/graphql")
    .regex(/^https?:\/\//, "expected an http(s) URL")
    .default(fallback);

const localUrl = (port: number) => `http://127.0.0.1:${port}/graphql`;

/** `UNIT_URL_BE`: a unit's own URL, for any unit (the others' come from UNIT_URL_TEMPLATE). */
const UNIT_URL_VARIABLE = /^UNIT_URL_([A-Z]{2})$/;

/** A comma-separated list, trimmed, without empty parts. */
const listOf = (value: string) =>
  value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);

const shape = {
  PORT: port(DEFAULT_GATEWAY_PORT),
  /** Interface to listen on; 0.0.0.0 in a container. */
  HOST: z.string().min(1).default("127.0.0.1"),
  /** Where a unit is when no UNIT_URL_<CODE> names it: {code} (BE), {code_lower} (be) and {port} (its default port) filled in. */
  UNIT_URL_TEMPLATE: z
    .string()
    .default(DEFAULT_UNIT_URL_TEMPLATE)
    .refine(
      (template) =>
        /^https?:\/\/[^\s]+$/.test(unitUrlFromTemplate(template, "BE")) &&
        URL.canParse(unitUrlFromTemplate(template, "BE")),
      {
        message: "expected an http(s) URL, with {code}, {code_lower} or {port} where each unit's differs",
      },
    ),
  /** The units served until the central office's directory has answered once. */
  GATEWAY_UNITS: z
    .string()
    .default(FOUNDING_UNITS.join(","))
    .transform((value, context) => {
      const codes = listOf(value);
      const malformed = codes.filter((code) => !isCountryCode(code));
      if (malformed.length)
        context.addIssue({
          code: z.ZodIssueCode.custom,
          message: `expected unit codes such as BE,FR (not ${malformed.join(", ")})`,
        });
      return codes;
    }),
  /** Seconds between two questions to the central office: which units are admitted. */
  UNIT_DIRECTORY_REFRESH_SECONDS: z.coerce
    .number({ invalid_type_error: "expected seconds" })
    .positive("expected more than 0 seconds")
    .default(DEFAULT_UNIT_DIRECTORY_REFRESH_MS / 1000),
  CENTRAL_URL: httpUrl(localUrl(DEFAULT_CENTRAL_PORT)),
  SHARD_DEADLINE_MS: z.coerce
    .number({ invalid_type_error: "expected milliseconds" })
    .int("expected whole milliseconds")
    .min(1, "expected at least 1 ms")
    .default(2000),
  SUPERGRAPH_PATH: z.string().min(1).optional(),
  /**
   * What must answer its /ready for the gateway's own: `all` (every unit admitted and central),
   * `none` (the gateway serves partial answers whatever is down), or a list such as `central,BE`.
   */
  READY_REQUIRES: z
    .string()
    .default("all")
    .transform((value, context): "all" | string[] => {
      const list = listOf(value);
      if (list.length === 1 && list[0] === "all") return "all";
      if (list.length === 1 && list[0] === "none") return [];
      const unknown = list.filter((part) => part !== "central" && !isCountryCode(part));
      if (unknown.length)
        context.addIssue({
          code: z.ZodIssueCode.custom,
          message: `expected all, none, or a list of unit codes and central (not ${unknown.join(", ")})`,
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
  /** Europe-wide requests worked on at once: the unit calls in flight, in fan-outs to the GATEWAY_UNITS (a booking weighs one call). */
  GATEWAY_MAX_IN_FLIGHT: z.coerce
    .number()
    .int("expected a whole number")
    .min(1, "expected at least 1")
    .default(DEFAULT_MAX_IN_FLIGHT),
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
  /** The units served until central's directory has answered (GATEWAY_UNITS). */
  units: CountryCode[];
  /** Units' own URLs (UNIT_URL_<CODE>), by code. */
  unitUrls: Record<CountryCode, string>;
  /** Every other unit's URL (UNIT_URL_TEMPLATE). */
  unitUrlTemplate: string;
  /** UNIT_DIRECTORY_REFRESH_SECONDS. */
  unitDirectoryRefreshSeconds: number;
  centralUrl: string;
  deadlineMs: number;
  supergraphPath?: string;
  /** What must be up for /ready (READY_REQUIRES): `all` (the units admitted and central), or unit codes and `central`. */
  requiredForReady: "all" | string[];
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
  // Any unit may have its own URL: the variables given are read with the rest (a bad one named among the others).
  const unitUrlVariables = Object.keys(env).filter((name) => UNIT_URL_VARIABLE.test(name));
  const ownUrls = Object.fromEntries(
    unitUrlVariables.map((name) => [
      name,
      isCountryCode(name.slice(-2))
        ? httpUrl("")
        : z.string().refine(() => false, `${name.slice(-2)} is not a unit's code (two capital letters, not EU)`),
    ]),
  );
  const config = readConfig({ ...shape, ...ownUrls }, env);
  const unitUrls: Record<CountryCode, string> = {};
  for (const name of unitUrlVariables) {
    const code = UNIT_URL_VARIABLE.exec(name)![1]!;
    if (isCountryCode(code)) unitUrls[code] = (config as Record<string, unknown>)[`UNIT_URL_${code}`] as string;
  }
  return {
    port: config.PORT,
    host: config.HOST,
    units: config.GATEWAY_UNITS,
    unitUrls,
    unitUrlTemplate: config.UNIT_URL_TEMPLATE,
    unitDirectoryRefreshSeconds: config.UNIT_DIRECTORY_REFRESH_SECONDS,
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
      // In unit calls: a fan-out weighs one per unit (those the gateway starts with; the directory may change them).
      maxWeight: config.GATEWAY_MAX_IN_FLIGHT * config.GATEWAY_UNITS.length,
      maxQueued: config.GATEWAY_MAX_QUEUED,
    },
    publicMaxAgeSeconds: config.PUBLIC_MAX_AGE_SECONDS,
    responseCacheSeconds: config.PUBLIC_RESPONSE_CACHE_SECONDS,
    cors: corsPolicyFromEnv(env),
    ide: config.GRAPHIQL ? config.GRAPHIQL === "on" : config.NODE_ENV !== "production",
    memberRightsRetrySeconds: config.MEMBER_RIGHTS_RETRY_SECONDS,
  };
}
