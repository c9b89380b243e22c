import type { IncomingMessage } from "node:http";
import Negotiator from "negotiator";

/** Whether the caller would rather have a page than a GraphQL answer: a browser's address bar. */
export function wantsHtml(req: IncomingMessage): boolean {
  return (
    new Negotiator(req).mediaType(["application/graphql-response+json", "application/json", "text/html"]) ===
    "text/html"
  );
}
