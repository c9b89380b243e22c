import type { ServerResponse } from "node:http";

/** Writes `body` as JSON with `status` and ends the response. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** A refusal of the request itself, before GraphQL: the shape of a GraphQL error, never an HTML page. */
export function sendRequestError(
  res: ServerResponse,
  status: number,
  message: string,
  code = "BAD_REQUEST",
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] }, headers);
}
