import { z } from "zod";
import { nodeEnv, port, readConfig } from "@smart/platform";
import { DEFAULT_IDP_PORT, localIssuer } from "./developmentToken.js";
import { DEFAULT_GATEWAY_URL } from "./provider.js";

export interface IdentityConfig {
  port: number;
  host: string;
  issuer: string;
  gatewayUrl: string;
  /** Where the signing keys are kept across restarts; unset: new keys at each start. */
  keysFile: string | undefined;
  nodeEnv: "development" | "test" | "production";
}

const url = (what: string) => z.string().url(`expected ${what} such as http://localhost:4020`);

/** IDP_PORT (4020), HOST (127.0.0.1), IDP_ISSUER (http://localhost:<IDP_PORT>), PUBLIC_GATEWAY_URL, IDP_KEYS_FILE, NODE_ENV. */
export function readIdentityConfig(env: NodeJS.ProcessEnv = process.env): IdentityConfig {
  const config = readConfig(
    {
      IDP_PORT: port(DEFAULT_IDP_PORT),
      HOST: z.string().min(1).default("127.0.0.1"),
      IDP_ISSUER: url("an issuer URL").optional(),
      PUBLIC_GATEWAY_URL: url("the gateway's public URL").default(DEFAULT_GATEWAY_URL),
      IDP_KEYS_FILE: z.string().min(1).optional(),
      NODE_ENV: nodeEnv(),
    },
    env,
  );
  return {
    port: config.IDP_PORT,
    host: config.HOST,
    issuer: (config.IDP_ISSUER ?? localIssuer(config.IDP_PORT)).replace(/\/+$/, ""),
    gatewayUrl: config.PUBLIC_GATEWAY_URL.replace(/\/+$/, ""),
    keysFile: config.IDP_KEYS_FILE,
    nodeEnv: config.NODE_ENV,
  };
}
