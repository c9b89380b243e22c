import net from "node:net";
import { graphqlBody } from "./scenarios.js";

const BOOK = `mutation($input: BookWorkspaceInput!) { bookWorkspace(input: $input) { id status } }`;

/** One booking, ready to leave: its member's token already at hand. */
export interface Booking {
  memberId: string;
  headers: Record<string, string>;
}

export interface BookingOutcome {
  /** CONFIRMED, WAITLISTED…, or the error's code (CONFLICT, OVERLOADED…), or the HTTP status. */
  outcome: string;
  ms: number;
}

/** Sends one booking of `workspaceId` on `date` to the gateway at `url`, and what it was answered. */
export async function book(
  url: string,
  booking: Booking,
  workspaceId: string,
  date: string,
  key: string,
): Promise<BookingOutcome> {
  const started = performance.now();
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...booking.headers },
    body: graphqlBody(BOOK, { input: { workspaceId, memberId: booking.memberId, date, idempotencyKey: key } }),
  });
  const answer = (await response.json()) as {
    data?: { bookWorkspace?: { status: string } } | null;
    errors?: { extensions?: { code?: string } }[];
  };
  const ms = performance.now() - started;
  return {
    outcome: answer.data?.bookWorkspace?.status ?? answer.errors?.[0]?.extensions?.code ?? `HTTP ${response.status}`,
    ms,
  };
}

/** How many of a burst's answers were each outcome, and the slowest. */
export interface BurstResult {
  outcomes: Record<string, number>;
  slowestMs: number;
}

/**
 * Every booking sent at once (each member's token fetched beforehand), all for the same
 * workspace and day: the first `capacity` are CONFIRMED and the rest CONFLICT, unless the
 * gateway sheds some (OVERLOADED).
 */
export async function bookingBurst(
  url: string,
  bookings: readonly Booking[],
  workspaceId: string,
  date: string,
): Promise<BurstResult> {
  const answers = await Promise.all(
    bookings.map((booking, i) => book(url, booking, workspaceId, date, `burst-${date}-${i}`)),
  );
  const outcomes: Record<string, number> = {};
  for (const { outcome } of answers) outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  return { outcomes, slowestMs: Math.round(Math.max(...answers.map((a) => a.ms))) };
}

/**
 * `count` anonymous sockets that each announce a 90,000-byte body and send it a byte every
 * 2 s (a slowloris), open while `during` runs.
 */
export async function withSlowSockets<T>(url: string, count: number, during: () => Promise<T>): Promise<T> {
  const { hostname, port } = new URL(url);
  const sockets = await Promise.all(
    Array.from({ length: count }, async () => {
      const socket = net.connect(Number(port), hostname);
      socket.on("error", () => {});
      await new Promise((resolve) => socket.once("connect", resolve));
      socket.write(
        `POST /graphql HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 90000\r\n\r\n{`,
      );
      return socket;
    }),
  );
  const drip = setInterval(() => sockets.forEach((socket) => socket.write(" ")), 2000);
  try {
    // The sockets' headers have arrived and their bodies started before the caller asks.
    await new Promise((resolve) => setTimeout(resolve, 500));
    return await during();
  } finally {
    clearInterval(drip);
    for (const socket of sockets) socket.destroy();
  }
}
