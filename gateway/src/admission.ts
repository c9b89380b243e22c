import type { IncomingMessage, ServerResponse } from "node:http";
import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import { sendRequestError, type TokenVerifier } from "@smart/platform";

export interface AdmissionLimits {
  /**
   * The unit calls the requests being worked on may be priced at together. A request weighs its
   * price (at least 1): a Europe-wide page one per unit (9 for nine units), a booking 1. Default 72:
   * eight Europe-wide requests to nine units.
   */
  maxWeight: number;
  /** Requests that may wait for a place (their bodies are held meanwhile); one more is turned away at once. */
  maxQueued: number;
  /** The longest a request waits for a place while the gateway keeps up: a burst is absorbed, not shed. */
  maxWaitMs: number;
  /**
   * The longest it waits while the gateway is overloaded — the queue was full in the last
   * `maxWaitMs`, or it stands (every request of the last `maxWaitMs` waited more than
   * `standingQueueMs`): what cannot be served soon is told so at once.
   */
  overloadedWaitMs: number;
  /**
   * The wait that, when even the shortest of an interval's waits exceeds it, marks a standing
   * queue (CoDel's target): a queue that drains in turn, as a steady load keeps it, is not one.
   */
  standingQueueMs: number;
  /** The part of `maxWeight` one client may hold however idle the others are (less once others are waiting). */
  maxClientShare: number;
}

/** Europe-wide requests worked on at once by default (GATEWAY_MAX_IN_FLIGHT). */
export const DEFAULT_MAX_IN_FLIGHT = 8;

export const DEFAULT_ADMISSION: AdmissionLimits = {
  maxWeight: DEFAULT_MAX_IN_FLIGHT * 9,
  maxQueued: 128,
  maxWaitMs: 1000,
  overloadedWaitMs: 10,
  standingQueueMs: 100,
  maxClientShare: 1 / 2,
};

/** Seconds a turned-away caller is asked to wait (Retry-After). */
const RETRY_AFTER_SECONDS = 1;

/** Query texts whose price is kept for weighing the next request with the same text. */
const PRICED_TEXTS_KEPT = 10_000;

/** What a request's place is, once admitted: told its price once planned, it weighs that from then on. */
export interface AdmissionTicket {
  /** The request's price in unit calls (unitCallBudget.ts): its weight from now on, and its text's next time. */
  priced(unitCalls: number): void;
}

interface Client {
  /** Weight of this client's requests being worked on. */
  held: number;
  /** Its requests waiting for a place. */
  waiting: number;
}

interface Waiting {
  client: string;
  text: string | undefined;
  admit: () => void;
  shed: () => void;
  /** When it began to wait. */
  since: number;
  timer: NodeJS.Timeout;
}

export interface AdmissionOptions {
  /**
   * Who is asking: the verified subject of the caller's token, else the client's address. A
   * client holds at most its fair share of `maxWeight`.
   */
  clientOf: (req: IncomingMessage) => string | Promise<string>;
  /** Called for each request turned away (metrics, the shed report). */
  onShed?: () => void;
  /** The weight of a request whose text has not been priced yet: a fan-out, one call per unit admitted now. */
  fanOutWeight: () => number;
  now?: () => number;
}

/**
 * Admission control for /graphql, by waiting time and weight (after CoDel and Facebook's
 * "Fail at Scale" queues, and fair queueing by client):
 *
 * - A request is worked on when its weight fits beside the others' (`maxWeight`). Its weight is
 *   its price in unit calls, the gateway's own estimate: admission comes before parsing, so it
 *   is the highest price the gateway computed for the same query text (kept per text), a fan-out
 *   for a text not seen yet, and the request's own price once it is planned (`ticket.priced`).
 *   A booking weighs one call and a Europe-wide page one per unit: bookings are not starved by pages.
 * - Otherwise it waits, at most `maxWaitMs` while the gateway keeps up (a burst drains), at most
 *   `overloadedWaitMs` once it does not (a full queue within the last `maxWaitMs`, or a standing one:
 *   as CoDel, the shortest wait of the last `maxWaitMs` above `standingQueueMs`): a caller who cannot be served soon hears so at once, 503 OVERLOADED with
 *   Retry-After, before anything of the request is parsed or sent to a unit. A freed place goes
 *   to the first waiting request that fits, so a light one is not held behind a heavy one.
 * - One client holds at most `maxWeight / clients` (those holding or waiting), never more than
 *   `maxClientShare` of it, and always one request: a single client cannot take every place.
 *
 * The body has arrived before admission (platform/http/requestListener.ts): a slow client waits
 * on its own socket, holding no place.
 */
export function admissionControl(limits: AdmissionLimits, options: AdmissionOptions) {
  const now = options.now ?? (() => performance.now());
  const priced = new LRUCache<string, number>({ max: PRICED_TEXTS_KEPT });
  const clients = new Map<string, Client>();
  const queue: Waiting[] = [];
  const tickets = new WeakMap<IncomingMessage, AdmissionTicket>();
  let held = 0;
  let lastFullAt = Number.NEGATIVE_INFINITY;
  // CoDel's measure: the shortest wait of each interval of `maxWaitMs` (an admission at once waits 0).
  let intervalStart = now();
  let shortestWait = Number.POSITIVE_INFINITY;
  let standing = false;
  const roll = () => {
    if (now() - intervalStart < limits.maxWaitMs) return;
    // Those still waiting count as waiting so far: a queue that admits no one stands.
    if (queue.length) shortestWait = Math.min(shortestWait, now() - queue[0]!.since);
    standing = Number.isFinite(shortestWait) && shortestWait > limits.standingQueueMs;
    intervalStart = now();
    shortestWait = Number.POSITIVE_INFINITY;
  };
  const waited = (ms: number) => {
    roll();
    shortestWait = Math.min(shortestWait, ms);
  };

  const weightOf = (text: string | undefined) =>
    Math.max(1, (text !== undefined ? priced.get(text) : undefined) ?? options.fanOutWeight());
  const clientNamed = (name: string) => {
    let client = clients.get(name);
    if (!client) clients.set(name, (client = { held: 0, waiting: 0 }));
    return client;
  };
  const forget = (name: string, client: Client) => {
    if (client.held <= 0 && client.waiting <= 0) clients.delete(name);
  };
  const overloaded = () => {
    roll();
    return now() - lastFullAt < limits.maxWaitMs || standing;
  };
  const fits = (client: Client, weight: number) => {
    if (held > 0 && held + weight > limits.maxWeight) return false;
    if (client.held === 0) return true;
    const share = Math.min(limits.maxWeight * limits.maxClientShare, limits.maxWeight / clients.size);
    return client.held + weight <= share;
  };

  /**
   * Turns the request away. A shed because the queue is full says the gateway has fallen behind:
   * those waiting are told as soon as a newcomer would be. A wait that merely ran out says
   * nothing new (counting it would keep the gateway shedding once it had begun).
   */
  const shed = (res: ServerResponse, queueFull = false) => {
    if (queueFull) {
      const wasOverloaded = overloaded();
      lastFullAt = now();
      if (!wasOverloaded) for (const waiting of queue) shorten(waiting);
    }
    options.onShed?.();
    sendRequestError(res, 503, `The gateway is at capacity; retry in ${RETRY_AFTER_SECONDS} s.`, "OVERLOADED", {
      "retry-after": String(RETRY_AFTER_SECONDS),
    });
  };
  const shorten = (waiting: Waiting) => {
    clearTimeout(waiting.timer);
    waiting.timer = setTimeout(() => leave(waiting) && waiting.shed(), limits.overloadedWaitMs);
  };
  /** Takes `waiting` out of the queue: false if it had left already. */
  const leave = (waiting: Waiting) => {
    const at = queue.indexOf(waiting);
    if (at < 0) return false;
    queue.splice(at, 1);
    clearTimeout(waiting.timer);
    const client = clients.get(waiting.client)!;
    client.waiting--;
    forget(waiting.client, client);
    return true;
  };
  /** Gives each freed place to the first waiting request that fits. */
  const drain = () => {
    for (let i = 0; i < queue.length && held < limits.maxWeight;) {
      const waiting = queue[i]!;
      const client = clients.get(waiting.client)!;
      if (!fits(client, weightOf(waiting.text))) {
        i++;
        continue;
      }
      leave(waiting);
      waited(now() - waiting.since);
      waiting.admit();
    }
  };

  const enter = (req: IncomingMessage, res: ServerResponse, name: string, next: () => void) => {
    if (res.destroyed) return;
    const text = queryTextOf(req);
    const client = clientNamed(name);
    const admit = () => {
      let weight = weightOf(text);
      let closed = false;
      held += weight;
      client.held += weight;
      tickets.set(req, {
        priced(unitCalls) {
          if (closed) return;
          const price = Math.max(1, unitCalls);
          if (text !== undefined) priced.set(text, Math.max(price, priced.get(text) ?? 0));
          held += price - weight;
          client.held += price - weight;
          weight = price;
          drain();
        },
      });
      res.once("close", () => {
        closed = true;
        held -= weight;
        client.held -= weight;
        forget(name, client);
        drain();
      });
      next();
    };
    if (fits(client, weightOf(text))) {
      waited(0);
      return admit();
    }
    if (queue.length >= limits.maxQueued) {
      forget(name, client);
      return shed(res, true);
    }
    const waiting: Waiting = {
      client: name,
      text,
      admit,
      shed: () => shed(res),
      since: now(),
      timer: setTimeout(
        () => leave(waiting) && waiting.shed(),
        overloaded() ? limits.overloadedWaitMs : limits.maxWaitMs,
      ),
    };
    queue.push(waiting);
    client.waiting++;
    // A caller that gives up while waiting leaves the queue.
    res.once("close", () => leave(waiting));
  };

  const handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const client = options.clientOf(req);
    if (typeof client === "string") return enter(req, res, client, next);
    void client.then((name) => enter(req, res, name, next));
  };
  return Object.assign(handler, {
    /** The place `req` was admitted to (undefined for a request that did not pass admission). */
    ticketOf: (req: IncomingMessage) => tickets.get(req),
    stats: () => ({ held, queued: queue.length, clients: clients.size }),
  });
}

/**
 * Who a request is from, for the fair share: the subject (`sub`) of a token that verifies, else
 * the address it comes from. The verified token is kept by the verifier: the context's own
 * check of it, once admitted, costs nothing more.
 */
export function callerOf(tokens: TokenVerifier): (req: IncomingMessage) => string | Promise<string> {
  return (req) => {
    const address = `address:${req.socket.remoteAddress ?? ""}`;
    const authorization = req.headers.authorization;
    if (!authorization) return address;
    return tokens.viewerOf(authorization).then(
      () => subjectOf(authorization) ?? address,
      // Refused with 401 once admitted; until then the address is all that is known.
      () => address,
    );
  };
}

/** The `sub` claim of a bearer token (read only once the token verified). */
function subjectOf(authorization: string): string | undefined {
  try {
    const payload = authorization.replace(/^Bearer\s+/i, "").split(".")[1] ?? "";
    const { sub } = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { sub?: unknown };
    return typeof sub === "string" ? `subject:${sub}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The query text of a /graphql request, to weigh it by the price of the same text before:
 * the GET's `query` parameter, the POST body's `query` (or its persisted query's hash).
 */
function queryTextOf(req: IncomingMessage & { rawBody?: Buffer }): string | undefined {
  let text: unknown;
  try {
    if (req.rawBody?.length) {
      const body = JSON.parse(req.rawBody.toString("utf8")) as {
        query?: unknown;
        extensions?: { persistedQuery?: { sha256Hash?: unknown } };
      };
      text = body.query ?? body.extensions?.persistedQuery?.sha256Hash;
    } else text = new URL(req.url ?? "/", "http://gateway").searchParams.get("query");
  } catch {
    return undefined;
  }
  if (typeof text !== "string" || text === "") return undefined;
  // A digest keeps the cache small whatever the texts' length.
  return createHash("sha256").update(text).digest("base64");
}

/**
 * Counts shed requests and calls `report` with their number once a second at
 * most, a second after the first. A log line per shed request — thousands a
 * second under overload — kept the event loop that should be answering them
 * busy writing, and made each 503 wait behind the log.
 */
export function shedReport(report: (shed: number) => void, intervalMs = 1000): () => void {
  let shed = 0;
  let timer: NodeJS.Timeout | undefined;
  return () => {
    shed++;
    timer ??= setTimeout(() => {
      report(shed);
      shed = 0;
      timer = undefined;
    }, intervalMs).unref();
  };
}
