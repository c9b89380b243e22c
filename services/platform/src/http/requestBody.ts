import type { IncomingMessage } from "node:http";
import contentType from "content-type";
import getRawBody from "raw-body";

/** A request whose exact bytes were kept: the gateway's signature covers them (routerProtocol/signature.ts). */
export type RequestWithBody = IncomingMessage & { rawBody?: Buffer };

/** Why a body was refused: the HTTP status and the caller's message. */
export class RequestBodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** `extensions.code` of the refusal. */
    readonly code = "BAD_REQUEST",
  ) {
    super(message);
  }
}

/**
 * The deepest a body's JSON may nest. No operation's variables need more; a
 * variable nested 30,000 deep passed JSON.parse and then overflowed the stack in
 * graphql-js's (recursive) coercion: a 500 for what is the caller's input.
 */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/** How deep a JSON text's arrays and objects nest (strings skipped), in one pass over its bytes. */
export function nestingDepth(raw: Buffer): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i]!;
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
      if (++depth > deepest) deepest = depth;
    } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) depth--;
  }
  return deepest;
}

const NO_BODY = Symbol("no body");

/**
 * Reads a request's body up to `limitBytes` and parses it as JSON when it says it is
 * (`application/json`, UTF-8). Resolves undefined for any other content type: Apollo
 * then refuses the request itself (its CSRF check and content-type rules apply).
 * An empty JSON body is `{}`; the body must be an object or an array.
 */
export async function readJsonBody(req: RequestWithBody, limitBytes: number): Promise<unknown> {
  if (req.method === "GET" || req.method === "HEAD") return undefined;
  const type = parseContentType(req);
  if (type?.type !== "application/json") {
    req.resume();
    return undefined;
  }
  const charset = (type.parameters.charset ?? "utf-8").toLowerCase();
  if (charset !== "utf-8" && charset !== "utf8")
    throw new RequestBodyError(415, `Unsupported charset "${charset.toUpperCase()}".`);
  // A front that read the bytes already (a proxy in front of the handler) leaves them in rawBody.
  const raw = req.rawBody ?? (await readRaw(req, limitBytes));
  if (raw.length > limitBytes) throw new RequestBodyError(413, "Request body is too large.");
  req.rawBody = raw;
  if (nestingDepth(raw) > MAX_JSON_DEPTH) {
    throw new RequestBodyError(400, `Request body nests deeper than ${MAX_JSON_DEPTH} levels.`, "BAD_USER_INPUT");
  }
  const parsed = parseJson(raw);
  if (parsed === NO_BODY) return {};
  if (typeof parsed !== "object" || parsed === null) throw new RequestBodyError(400, "Request body is not valid JSON.");
  return parsed;
}

/**
 * Reads a POST's body into `req.rawBody` (up to `limitBytes`), whatever its type,
 * for a front that must have the whole request before it gives it a place
 * (admission): readJsonBody then parses what is already there.
 */
export async function readRawBody(req: RequestWithBody, limitBytes: number): Promise<void> {
  if (req.method === "GET" || req.method === "HEAD" || req.rawBody) return;
  req.rawBody = await readRaw(req, limitBytes);
}

async function readRaw(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  try {
    return await getRawBody(req, { limit: limitBytes, length: req.headers["content-length"] });
  } catch (error) {
    const status = (error as { status?: number }).status ?? 400;
    throw new RequestBodyError(
      status,
      status === 413 ? "Request body is too large." : "Request body could not be read.",
    );
  }
}

function parseContentType(req: IncomingMessage): contentType.ParsedMediaType | undefined {
  if (!req.headers["content-type"]) return undefined;
  try {
    return contentType.parse(req);
  } catch {
    return undefined;
  }
}

function parseJson(raw: Buffer): unknown {
  const text = raw.toString("utf8");
  if (text.trim() === "") return NO_BODY;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RequestBodyError(400, "Request body is not valid JSON.");
  }
}
