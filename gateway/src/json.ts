/** A JSON object as the gateway passes it on: variables, a subgraph's answer, a representation. */
export type Json = Record<string, unknown>;
