import cors from "cors";
import type { HttpMiddleware } from "./http/requestListener.js";
import { ConfigError } from "./config.js";

/** Which browser origins may call an endpoint from their own pages. */
export interface CorsPolicy {
  /** Whether a page of `origin` may read the answers. */
  allows(origin: string): boolean;
  /** One line for the start log: what is allowed. */
  summary: string;
  /** Said loudly at start when no origin at all is allowed. */
  warning?: string;
}

/** Any port of the loopback names: a frontend's dev server (Vite :5173, Next :3000…). */
const DEVELOPMENT_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

/**
 * Allowed origins from `CORS_ORIGINS` (comma-separated, exact origins such as
 * `https://app.smart.coop`, or `*` for any). Unset: in development any
 * `http://localhost:*` and `http://127.0.0.1:*`; in production none.
 */
export function corsPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): CorsPolicy {
  const production = env.NODE_ENV === "production";
  const raw = env.CORS_ORIGINS?.trim();
  if (!raw) {
    if (production) {
      return {
        allows: () => false,
        summary: "no origin",
        warning:
          "CORS_ORIGINS is not set: no web page on another origin may call this endpoint. Set it to the frontends' origins, comma-separated.",
      };
    }
    return {
      allows: (origin) => DEVELOPMENT_ORIGIN.test(origin),
      summary: "http://localhost:* and http://127.0.0.1:* (development default)",
    };
  }
  const origins = raw
    .split(",")
    .map((each) => each.trim())
    .filter(Boolean);
  if (origins.includes("*")) return { allows: () => true, summary: "any origin (*)" };
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
      throw new ConfigError(
        `CORS_ORIGINS: ${JSON.stringify(origin)} is not an origin; expected scheme://host[:port] with no path or trailing slash, such as https://app.smart.coop`,
      );
    }
  }
  const allowed = new Set(origins);
  return { allows: (origin) => allowed.has(origin), summary: origins.join(", ") };
}

/** Headers a browser may send cross-origin: the token, JSON bodies, and what Apollo's CSRF check accepts. */
export const CORS_ALLOWED_HEADERS = [
  "authorization",
  "content-type",
  "apollo-require-preflight",
  "x-apollo-operation-name",
  "apollographql-client-name",
  "apollographql-client-version",
];

/**
 * The CORS middleware. Mounted before /graphql, so a preflight (OPTIONS, no
 * content-type) is answered 204 here and never reaches Apollo's CSRF check,
 * which would refuse it. A disallowed origin gets no CORS headers at all.
 */
export function corsMiddleware(policy: CorsPolicy): HttpMiddleware {
  const browsers = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && policy.allows(origin)),
    methods: ["GET", "POST", "OPTIONS"],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    // Tokens travel in Authorization, never in cookies.
    credentials: false,
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
  // CORS is a browser's question: a call without an Origin (a service, the gateway's to its units) gets nothing from it.
  return (req, res, next) => (req.headers.origin === undefined ? next() : browsers(req, res, next));
}
