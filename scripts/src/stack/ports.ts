import { COUNTRY_CODES, DEFAULT_CENTRAL_PORT, DEFAULT_GATEWAY_PORT, defaultUnitPort, port, readConfig, type CountryCode } from "@smart/platform";

export interface StackPorts {
  gateway: number;
  central: number;
  units: Record<CountryCode, number>;
}

/** Ports from the contract (gateway 4000, AT 4001 … SE 4009, central 4010), each overridable. */
export function stackPorts(env: NodeJS.ProcessEnv = process.env): StackPorts {
  const unitVariable = (code: CountryCode) => `UNIT_PORT_${code}`;
  const config = readConfig(
    {
      GATEWAY_PORT: port(DEFAULT_GATEWAY_PORT),
      CENTRAL_PORT: port(DEFAULT_CENTRAL_PORT),
      ...Object.fromEntries(COUNTRY_CODES.map((code) => [unitVariable(code), port(defaultUnitPort(code))])),
    },
    env,
  ) as Record<string, number>;
  return {
    gateway: config.GATEWAY_PORT!,
    central: config.CENTRAL_PORT!,
    units: Object.fromEntries(COUNTRY_CODES.map((code) => [code, config[unitVariable(code)]!])) as Record<CountryCode, number>,
  };
}
