import { expect } from "chai";
import type { GraphQLDataSource } from "@apollo/gateway";
import { FOUNDING_UNITS, createLogger, unitUrlFromTemplate, type Logger } from "@smart/platform";
import {
  DEFAULT_UNIT_URLS,
  refreshingOnUnitChanges,
  UNIT_DIRECTORY_VIEWER,
  UnitDirectory,
  unitUrlOf,
  type UnitsChange,
} from "../unitDirectory/index.js";

type Answer = { data?: unknown; errors?: { message: string }[] } | "throws" | "hangs";

/**
 * Central as the directory sees it: a data source whose answer to `countries { code }`
 * the test sets; it records who asked. (The e2e test admits and retires with the real one.)
 */
function centralAnswering(first: Answer) {
  let answer = first;
  const asked: { query: string; viewer: unknown }[] = [];
  const source = {
    async process(fetch: { request: { query?: string }; context: { viewer?: unknown } }) {
      asked.push({ query: fetch.request.query ?? "", viewer: fetch.context.viewer });
      if (answer === "throws") throw new Error("connection refused");
      if (answer === "hangs") return new Promise(() => {});
      return answer;
    },
  } as unknown as GraphQLDataSource;
  return {
    source,
    asked,
    set: (next: Answer) => (answer = next),
  };
}

const countries = (...codes: string[]) => ({ data: { countries: codes.map((code) => ({ code })) } });

/** A logger whose warnings the test reads. */
function recordingLogger(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const logger = createLogger("test");
  const recording = Object.create(logger) as Logger;
  recording.warn = (_object: unknown, message?: string) => void warnings.push(message ?? "");
  recording.info = () => {};
  return { logger: recording, warnings };
}

describe("the unit directory (pure)", () => {
  const open: UnitDirectory[] = [];
  const directory = (...args: ConstructorParameters<typeof UnitDirectory>) => {
    const made = new UnitDirectory(...args);
    open.push(made);
    return made;
  };
  afterEach(() => open.splice(0).forEach((made) => made.close()));

  it("finds a unit's URL: UNIT_URL_<CODE> for any code, else the template with {code}, {code_lower} and {port}", () => {
    expect(unitUrlFromTemplate("http://unit-{code_lower}:{port}/graphql?unit={code}", "BE")).to.equal(
      "http://unit-be:4002/graphql?unit=BE",
    );
    expect(unitUrlOf(DEFAULT_UNIT_URLS, "SE")).to.equal("http://127.0.0.1:4009/graphql");
    expect(unitUrlOf(DEFAULT_UNIT_URLS, "PT"), "a unit the graph did not begin with").to.equal(
      "http://127.0.0.1:4509/graphql",
    );
    const units = directory({
      units: ["BE"],
      urls: { template: "https://{code_lower}.units.example/graphql", overrides: { PT: "http://lisbon:9000/graphql" } },
    });
    expect(units.urlOf("BE")).to.equal("https://be.units.example/graphql");
    expect(units.urlOf("PT"), "an override, for a unit not admitted yet").to.equal("http://lisbon:9000/graphql");
  });

  it("serves GATEWAY_UNITS, sorted, until central has answered once", async () => {
    const central = centralAnswering("hangs");
    const units = directory({ units: ["SE", "BE", "AT", "BE"], central: central.source, refreshMs: 60_000 });
    expect(units.units()).to.deep.equal(["AT", "BE", "SE"]);
    expect(units.has("BE")).to.equal(true);
    expect(units.has("PT")).to.equal(false);
    expect(units.answered).to.equal(false);
    expect(central.asked, "asked at once").to.have.length(1);
    expect(central.asked[0]!.viewer).to.deep.equal(UNIT_DIRECTORY_VIEWER);
    expect(central.asked[0]!.query).to.match(/countries\s*\{\s*code\s*\}/);
  });

  it("takes central's admitted units once it answers, and tells its listeners what changed", async () => {
    const central = centralAnswering(countries(...FOUNDING_UNITS, "PT"));
    const units = directory({ units: FOUNDING_UNITS, central: central.source, refreshMs: 60_000 });
    const changes: UnitsChange[] = [];
    units.onChange((change) => changes.push(change));
    await units.refresh();
    expect(units.answered).to.equal(true);
    const withPortugal = [...FOUNDING_UNITS, "PT"].sort();
    expect(units.units()).to.deep.equal(withPortugal);
    expect(units.has("PT")).to.equal(true);
    expect(changes).to.deep.equal([{ units: withPortugal, admitted: ["PT"], retired: [] }]);

    central.set(countries("PT", "BE", "FR"));
    await units.refresh();
    expect(units.units()).to.deep.equal(["BE", "FR", "PT"]);
    expect(changes[1]).to.deep.equal({
      units: ["BE", "FR", "PT"],
      admitted: [],
      retired: FOUNDING_UNITS.filter((unit) => unit !== "BE" && unit !== "FR"),
    });
    await units.refresh();
    expect(changes, "no change, no call").to.have.length(2);
  });

  it("keeps the last good answer while central fails, saying so once per outage", async () => {
    const central = centralAnswering(countries("BE", "PT"));
    const { logger, warnings } = recordingLogger();
    const units = directory({ units: FOUNDING_UNITS, central: central.source, refreshMs: 60_000, logger });
    await units.refresh();
    for (const failure of ["throws", { errors: [{ message: "unavailable" }] }, { data: null }] as Answer[]) {
      central.set(failure);
      await units.refresh();
      expect(units.units(), JSON.stringify(failure)).to.deep.equal(["BE", "PT"]);
    }
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.match(/central did not answer/);
    central.set(countries("BE"));
    await units.refresh();
    expect(units.units()).to.deep.equal(["BE"]);
  });

  it("keeps GATEWAY_UNITS when central fails before it ever answered", async () => {
    const central = centralAnswering("throws");
    const units = directory({
      units: ["BE", "FR"],
      central: central.source,
      refreshMs: 60_000,
      logger: recordingLogger().logger,
    });
    await units.refresh();
    expect(units.units()).to.deep.equal(["BE", "FR"]);
    expect(units.answered).to.equal(false);
  });

  it("picks a change up by itself within its refresh interval", async () => {
    const central = centralAnswering(countries("BE"));
    const units = directory({ units: ["BE"], central: central.source, refreshMs: 20 });
    const admitted = new Promise<UnitsChange>((resolve) => units.onChange(resolve));
    central.set(countries("BE", "PT"));
    const change = await admitted;
    expect(change.admitted).to.deep.equal(["PT"]);
    expect(units.units()).to.deep.equal(["BE", "PT"]);
  });

  it("asks nothing once closed, and a directory without central never changes", async () => {
    const central = centralAnswering(countries("BE"));
    const units = directory({ units: ["FR"], central: central.source, refreshMs: 10 });
    units.close();
    const asked = central.asked.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(central.asked.length).to.equal(asked);
    const fixed = directory({ units: ["FR"] });
    await fixed.refresh();
    expect(fixed.units()).to.deep.equal(["FR"]);
  });

  it("asks central again at once when a request through this gateway admits or retires a unit", async () => {
    const central = centralAnswering(countries("BE"));
    const units = directory({ units: ["BE"], central: central.source, refreshMs: 60_000 });
    await units.refresh();
    const planned = refreshingOnUnitChanges(central.source, units);
    const fetchOf = (query: string) =>
      ({ request: { query }, context: {} }) as unknown as Parameters<GraphQLDataSource["process"]>[0];
    central.set(countries("BE", "PT"));
    await planned.process(fetchOf(`query { countries { code } }`));
    expect(units.units(), "a read changes nothing").to.deep.equal(["BE"]);
    await planned.process(fetchOf(`mutation Admit { admitUnit(input: { code: PT }) { code } }`));
    expect(units.units()).to.deep.equal(["BE", "PT"]);
    central.set(countries("BE"));
    await planned.process(fetchOf(`mutation($code: CountryCode!) { retireUnit(code: $code) { code } }`));
    expect(units.units()).to.deep.equal(["BE"]);
  });
});
