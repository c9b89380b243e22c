import { expect } from "chai";
import { startTestPostgres, type PostgresServer } from "@smart/devdb";
import { FOUNDING_UNITS } from "@smart/platform";
import { startCentralTestServer, type CentralTestServer, type GraphqlResponse } from "./support/centralTestServer.js";

const COUNTRY_FIELDS = `code name unitName legalForm founded website status sharePrice { amount currency period }`;

const ENTITIES = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Country { code unitName sharePrice { amount currency } } }
}`;

describe("countries", () => {
  let postgres: PostgresServer;
  let central: CentralTestServer;

  before(async () => {
    postgres = await startTestPostgres();
    central = await startCentralTestServer(postgres, "countries");
  });

  after(async () => {
    await central?.stop();
    await postgres?.stop();
  });

  it("lists the nine admitted units in code order with their share prices (not Portugal, PROSPECTIVE)", async () => {
    const { data, errors } = await central.query(`{ countries { ${COUNTRY_FIELDS} } }`);
    expect(errors).to.equal(undefined);
    expect(data.countries.map((country: { code: string }) => country.code)).to.deep.equal([...FOUNDING_UNITS]);
    const byCode = Object.fromEntries(data.countries.map((country: { code: string }) => [country.code, country]));
    expect(byCode.BE).to.deep.include({
      unitName: "SmartCoop",
      sharePrice: { amount: 30, currency: "EUR", period: "YEARLY" },
    });
    expect(byCode.AT.sharePrice).to.deep.equal({ amount: 50, currency: "EUR", period: "ONCE" });
    expect(byCode.DE.sharePrice).to.deep.equal({ amount: 50, currency: "EUR", period: "ONCE" });
    expect(byCode.ES.sharePrice).to.deep.equal({ amount: 150, currency: "EUR", period: "ONCE" });
    expect(byCode.ES.unitName).to.equal("Smart Ibérica");
  });

  it("finds one country by code", async () => {
    const { data, errors } = await central.query(
      `query ($code: CountryCode!) { country(code: $code) { ${COUNTRY_FIELDS} } }`,
      { code: "FR" },
    );
    expect(errors).to.equal(undefined);
    expect(data.country).to.include({ code: "FR", name: "France", unitName: "Smartfr" });
  });

  it("resolves Country representations in their order, in one SQL statement per batch (and one for their names' translations)", async () => {
    const one = [{ __typename: "Country", code: "BE" }];
    const nine = [...FOUNDING_UNITS].reverse().map((code) => ({ __typename: "Country", code }));

    let answer: GraphqlResponse<{ _entities: ({ code: string } | null)[] }> = {};
    const forOne = await central.countStatements(async () => {
      answer = await central.query(ENTITIES, { representations: one });
    });
    expect(answer.data!._entities).to.deep.equal([
      { code: "BE", unitName: "SmartCoop", sharePrice: { amount: 30, currency: "EUR" } },
    ]);

    const forNine = await central.countStatements(async () => {
      answer = await central.query(ENTITIES, { representations: nine });
    });
    expect(answer.errors).to.equal(undefined);
    expect(answer.data!._entities.map((country) => country?.code)).to.deep.equal([...FOUNDING_UNITS].reverse());
    expect(forOne).to.equal(2);
    expect(forNine).to.equal(forOne);
  });
});

describe("countries > empty directory", () => {
  let postgres: PostgresServer;
  let central: CentralTestServer;

  before(async () => {
    postgres = await startTestPostgres();
    central = await startCentralTestServer(postgres, "countries_empty", { seed: false });
  });

  after(async () => {
    await central?.stop();
    await postgres?.stop();
  });

  it("gives null for a unit missing from the directory, and an empty list", async () => {
    const { data, errors } = await central.query(`{ countries { code } country(code: BE) { code } }`);
    expect(errors).to.equal(undefined);
    expect(data).to.deep.equal({ countries: [], country: null });
  });

  it("refuses a Country representation it does not know: the directory, not the code's shape, says which are units", async () => {
    const { data, errors } = await central.query(ENTITIES, {
      representations: [{ __typename: "Country", code: "NL" }],
    });
    expect(errors?.map((error) => error.extensions?.code)).to.deep.equal(["BAD_USER_INPUT"]);
    expect(data._entities).to.deep.equal([null]);
  });
});
