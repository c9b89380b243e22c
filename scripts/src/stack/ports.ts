import net from "node:net";
import { DEFAULT_IDP_PORT } from "@smart/identity/client";
import {
  DEFAULT_CENTRAL_PORT,
  DEFAULT_GATEWAY_PORT,
  defaultUnitPort,
  port,
  readConfig,
  type CountryCode,
} from "@smart/platform";
import { DEFAULT_STACK_UNITS } from "./units.js";

export interface StackPorts {
  gateway: number;
  central: number;
  /** The development identity provider (IDP_PORT). */
  identity: number;
  /** Each unit the stack runs, by code. */
  units: Record<CountryCode, number>;
}

/** `UNIT_PORT_PT`: the variable that moves a unit off its default port. */
export const unitPortVariable = (code: CountryCode) => `UNIT_PORT_${code}`;

/**
 * Ports from the contract (gateway 4000, AT 4001 … SE 4009, any other unit its
 * defaultUnitPort such as PT 4509, central 4010, identity provider 4020), each overridable.
 */
export function stackPorts(
  env: NodeJS.ProcessEnv = process.env,
  units: readonly CountryCode[] = DEFAULT_STACK_UNITS,
): StackPorts {
  const config = readConfig(
    {
      GATEWAY_PORT: port(DEFAULT_GATEWAY_PORT),
      CENTRAL_PORT: port(DEFAULT_CENTRAL_PORT),
      IDP_PORT: port(DEFAULT_IDP_PORT),
      ...Object.fromEntries(units.map((code) => [unitPortVariable(code), port(defaultUnitPort(code))])),
    },
    env,
  ) as Record<string, number>;
  return {
    gateway: config.GATEWAY_PORT!,
    central: config.CENTRAL_PORT!,
    identity: config.IDP_PORT!,
    units: Object.fromEntries(units.map((code) => [code, config[unitPortVariable(code)]!])),
  };
}

/**
 * Fails naming every busy port and its variable: a service that cannot listen would
 * otherwise leave its /health to whatever already answers there.
 */
export async function assertPortsFree(ports: StackPorts): Promise<void> {
  await assertFree([
    ["GATEWAY_PORT", ports.gateway],
    ["CENTRAL_PORT", ports.central],
    ["IDP_PORT", ports.identity],
    ...Object.entries(ports.units).map(([code, number]): [string, number] => [unitPortVariable(code), number]),
  ]);
}

/** Fails naming each port of `wanted` (its variable, its number) that something already listens on. */
export async function assertFree(wanted: readonly [variable: string, port: number][]): Promise<void> {
  const busy: string[] = [];
  for (const [variable, number] of wanted) if (!(await isFree(number))) busy.push(`${number} (${variable})`);
  if (busy.length > 0)
    throw new Error(`Ports in use: ${busy.join(", ")}. Stop what listens there, or set those variables.`);
}

function isFree(portNumber: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(portNumber, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}
