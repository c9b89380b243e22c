import { randomUUID } from "node:crypto";
import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import { FOUNDING_UNITS, type Viewer } from "@smart/platform";
import { startCentralTestServer, type CentralTestServer, type GraphqlResponse } from "./support/centralTestServer.js";

const OFFICE: Viewer = { role: "central_office" };
const STAFF: Viewer = { role: "unit_staff", unit: "BE" };
const BALLOTS: Viewer = { role: "service", work: "ballots" };

const UNIT_FIELDS = `code name unitName admission admittedAt retiredAt legalForm founded status sharePrice { amount currency period }`;
const ADMIT = `mutation ($input: AdmitUnitInput!) { admitUnit(input: $input) { ${UNIT_FIELDS} } }`;
const RETIRE = `mutation ($code: CountryCode!) { retireUnit(code: $code) { ${UNIT_FIELDS} } }`;
const COUNTRY = `query ($code: CountryCode!) { country(code: $code) { ${UNIT_FIELDS} italian: name(lang: IT) } }`;

const codeOf = (reply: GraphqlResponse) => reply.errors?.[0]?.extensions?.code ?? "ok";
const codes = async (central: CentralTestServer) =>
  ((await central.query(`{ countries { code } }`)).data!.countries as { code: string }[]).map((c) => c.code);

describe("units as data > admitting and retiring a unit", () => {
  let central: CentralTestServer;
  before(async () => {
    central = await startCentralTestServer(await sharedTestPostgres(), "unit_admission");
  });
  after(() => central?.stop());

  /** Everything the directory holds of `code`: its row and its texts' translations. */
  const rowsOf = async (code: string) => ({
    country: await central.dataSource.query(`SELECT * FROM country WHERE code = $1`, [code]),
    translations: await central.dataSource.query(
      `SELECT field, lang, text FROM translation WHERE subject_id = $1 ORDER BY field, lang`,
      [code],
    ),
  });

  it("knows Portugal, PROSPECTIVE: not in countries, and country(code: PT) says so", async () => {
    expect(await codes(central)).to.deep.equal([...FOUNDING_UNITS]);
    const { data, errors } = await central.query(COUNTRY, { code: "PT" });
    expect(errors).to.equal(undefined);
    expect(data!.country).to.deep.include({
      code: "PT",
      unitName: "Smart Portugal",
      admission: "PROSPECTIVE",
      admittedAt: null,
      retiredAt: null,
      italian: "Portogallo",
    });
  });

  it("lets only the central office admit a unit: staff FORBIDDEN, anonymous UNAUTHENTICATED", async () => {
    expect(codeOf(await central.queryAs(STAFF, ADMIT, { input: { code: "PT" } }))).to.equal("FORBIDDEN");
    expect(codeOf(await central.query(ADMIT, { input: { code: "PT" } }))).to.equal("UNAUTHENTICATED");
    expect(codeOf(await central.queryAs(STAFF, RETIRE, { code: "BE" }))).to.equal("FORBIDDEN");
    expect(codeOf(await central.query(RETIRE, { code: "BE" }))).to.equal("UNAUTHENTICATED");
    expect((await central.query(COUNTRY, { code: "PT" })).data!.country.admission).to.equal("PROSPECTIVE");
    expect(await codes(central)).to.include("BE");
  });

  it("does not admit a known unit under another unit's name, and writes nothing when it fails", async () => {
    const before = await rowsOf("PT");
    expect(before.translations).to.not.be.empty;
    const reply = await central.queryAs(OFFICE, ADMIT, { input: { code: "PT", unitName: "SmartCoop" } });
    expect(codeOf(reply)).to.equal("CONFLICT");
    expect(await rowsOf("PT")).to.deep.equal(before);
  });

  it("admits Portugal as the central office: countries then lists it with its share price in EUR", async () => {
    const startedAt = Date.now();
    const { data, errors } = await central.queryAs(OFFICE, ADMIT, { input: { code: "PT" } });
    expect(errors).to.equal(undefined);
    expect(data!.admitUnit).to.deep.include({
      code: "PT",
      name: "Portugal",
      unitName: "Smart Portugal",
      admission: "ADMITTED",
      retiredAt: null,
      sharePrice: { amount: 25, currency: "EUR", period: "ONCE" },
    });
    expect(Date.parse(data!.admitUnit.admittedAt)).to.be.within(startedAt - 5000, Date.now() + 5000);

    const listed = await central.query(`{ countries { code sharePrice { amount currency period } } }`);
    expect(listed.data!.countries.map((c: { code: string }) => c.code)).to.deep.equal([...FOUNDING_UNITS, "PT"].sort());
    expect(listed.data!.countries.find((c: { code: string }) => c.code === "PT").sharePrice).to.deep.equal({
      amount: 25,
      currency: "EUR",
      period: "ONCE",
    });
  });

  it("refuses to admit an ADMITTED unit again with CONFLICT", async () => {
    expect(codeOf(await central.queryAs(OFFICE, ADMIT, { input: { code: "PT" } }))).to.equal("CONFLICT");
    expect(codeOf(await central.queryAs(OFFICE, ADMIT, { input: { code: "BE" } }))).to.equal("CONFLICT");
  });

  it("retires Portugal: countries leaves it out, country(code: PT) says RETIRED; retiring again is a CONFLICT", async () => {
    const { data, errors } = await central.queryAs(OFFICE, RETIRE, { code: "PT" });
    expect(errors).to.equal(undefined);
    expect(data!.retireUnit).to.deep.include({ code: "PT", admission: "RETIRED" });
    expect(data!.retireUnit.retiredAt).to.be.a("string");
    expect(await codes(central)).to.deep.equal([...FOUNDING_UNITS]);

    const retired = await central.query(COUNTRY, { code: "PT" });
    expect(retired.data!.country).to.deep.include({ code: "PT", admission: "RETIRED", unitName: "Smart Portugal" });
    expect(codeOf(await central.queryAs(OFFICE, RETIRE, { code: "PT" }))).to.equal("CONFLICT");
  });

  it("answers NOT_FOUND for retiring a unit the directory does not know, and null for country", async () => {
    expect(codeOf(await central.queryAs(OFFICE, RETIRE, { code: "LU" }))).to.equal("NOT_FOUND");
    const { data, errors } = await central.query(COUNTRY, { code: "LU" });
    expect(errors).to.equal(undefined);
    expect(data!.country).to.equal(null);
  });

  it("admits a retired unit again with its known details, a given one overriding", async () => {
    const { data, errors } = await central.queryAs(OFFICE, ADMIT, { input: { code: "PT", sharePrice: 30 } });
    expect(errors).to.equal(undefined);
    expect(data!.admitUnit).to.deep.include({
      admission: "ADMITTED",
      retiredAt: null,
      unitName: "Smart Portugal",
      sharePrice: { amount: 30, currency: "EUR", period: "ONCE" },
    });
    expect(await codes(central)).to.include("PT");
  });

  it("needs an unknown unit's details, naming the first missing field, and writes nothing without them", async () => {
    const countBefore = await central.dataSource.query(`SELECT count(*)::int AS n FROM country`);
    const missingAll = await central.queryAs(OFFICE, ADMIT, { input: { code: "LU" } });
    expect(codeOf(missingAll)).to.equal("BAD_USER_INPUT");
    expect(missingAll.errors![0]!.extensions).to.deep.include({
      argumentName: "input.unitName",
      missing: ["input.unitName", "input.countryName", "input.currency", "input.sharePrice"],
    });
    const missingPrice = await central.queryAs(OFFICE, ADMIT, {
      input: { code: "LU", unitName: "Smart Luxembourg", countryName: "Luxembourg", currency: "EUR" },
    });
    expect(missingPrice.errors![0]!.extensions).to.deep.include({
      code: "BAD_USER_INPUT",
      argumentName: "input.sharePrice",
    });
    for (const [field, value] of [
      ["currency", "eur"],
      ["sharePrice", 0],
      ["unitName", ""],
      ["founded", 1066],
      ["website", "http://smart.lu"],
    ] as const) {
      const reply = await central.queryAs(OFFICE, ADMIT, {
        input: {
          code: "LU",
          unitName: "Smart Luxembourg",
          countryName: "Luxembourg",
          currency: "EUR",
          sharePrice: 50,
          [field]: value,
        },
      });
      expect(reply.errors?.[0]?.extensions, field).to.deep.include({
        code: "BAD_USER_INPUT",
        argumentName: `input.${field}`,
      });
    }
    const taken = await central.queryAs(OFFICE, ADMIT, {
      input: { code: "LU", unitName: "SmartCoop", countryName: "Luxembourg", currency: "EUR", sharePrice: 50 },
    });
    expect(codeOf(taken)).to.equal("CONFLICT");
    expect(await central.dataSource.query(`SELECT count(*)::int AS n FROM country`)).to.deep.equal(countBefore);
    expect((await central.query(COUNTRY, { code: "LU" })).data!.country).to.equal(null);
  });

  it("admits an unknown unit with its details", async () => {
    const { data, errors } = await central.queryAs(OFFICE, ADMIT, {
      input: {
        code: "LU",
        unitName: "Smart Luxembourg",
        countryName: "Luxembourg",
        currency: "EUR",
        sharePrice: 40,
        website: "https://smart.lu",
      },
    });
    expect(errors).to.equal(undefined);
    expect(data!.admitUnit).to.deep.include({
      code: "LU",
      name: "Luxembourg",
      unitName: "Smart Luxembourg",
      admission: "ADMITTED",
      legalForm: "Cooperative",
      founded: new Date().getUTCFullYear(),
      status: "STARTING",
      sharePrice: { amount: 40, currency: "EUR", period: "ONCE" },
    });
    expect(await codes(central)).to.deep.equal([...FOUNDING_UNITS, "LU", "PT"].sort());
    // A name without translations answers in English.
    expect((await central.query(COUNTRY, { code: "LU" })).data!.country.italian).to.equal("Luxembourg");
  });
});

describe("units as data > concurrent admissions", () => {
  let central: CentralTestServer;
  before(async () => {
    central = await startCentralTestServer(await sharedTestPostgres(), "unit_admission_races");
  });
  after(() => central?.stop());

  const outcomes = async (replies: Promise<GraphqlResponse>[]) => (await Promise.all(replies)).map(codeOf).sort();

  it("admits a unit once when it is admitted five times at once, known or not: the others CONFLICT", async () => {
    const known = Array.from({ length: 5 }, () => central.queryAs(OFFICE, ADMIT, { input: { code: "PT" } }));
    expect(await outcomes(known)).to.deep.equal(["CONFLICT", "CONFLICT", "CONFLICT", "CONFLICT", "ok"]);
    const input = { code: "MT", unitName: "Smart Malta", countryName: "Malta", currency: "EUR", sharePrice: 20 };
    const unknown = Array.from({ length: 5 }, () => central.queryAs(OFFICE, ADMIT, { input }));
    expect(await outcomes(unknown)).to.deep.equal(["CONFLICT", "CONFLICT", "CONFLICT", "CONFLICT", "ok"]);
    expect(await codes(central)).to.include.members(["MT", "PT"]);
  });

  it("retires a unit once when it is retired five times at once", async () => {
    const retiring = Array.from({ length: 5 }, () => central.queryAs(OFFICE, RETIRE, { code: "MT" }));
    expect(await outcomes(retiring)).to.deep.equal(["CONFLICT", "CONFLICT", "CONFLICT", "CONFLICT", "ok"]);
    expect(await codes(central)).to.not.include("MT");
  });
});

describe("units as data > central's checks ask the directory", () => {
  let central: CentralTestServer;
  before(async () => {
    central = await startCentralTestServer(await sharedTestPostgres(), "unit_checks");
  });
  after(() => central?.stop());

  const RECORD_BALLOT = `mutation ($unit: CountryCode!, $token: ID!) {
    recordBallot(token: $token, resolutionId: "EU:ga-2023-r1", unit: $unit, choice: FOR)
  }`;
  const SCHEDULE = `mutation ($cityId: ID!) {
    scheduleAssembly(input: { title: "GA in Lisbon", heldOn: "2027-06-12", cityId: $cityId, resolutions: [{ title: "Welcome" }] }) { id }
  }`;

  it("counts no ballot for a unit the directory does not have ADMITTED", async () => {
    for (const unit of ["PT", "LU"]) {
      const reply = await central.queryAs(BALLOTS, RECORD_BALLOT, { unit, token: randomUUID() });
      expect(reply.errors?.[0]?.extensions, unit).to.deep.include({ code: "BAD_USER_INPUT", argumentName: "unit" });
    }
    // An admitted unit's ballot gets past the unit: this seeded assembly's vote is not open.
    const admitted = await central.queryAs(BALLOTS, RECORD_BALLOT, { unit: "BE", token: randomUUID() });
    expect(codeOf(admitted)).to.equal("CONFLICT");
  });

  it("schedules an assembly in the city of an ADMITTED unit only", async () => {
    for (const cityId of ["PT:lisbon", "LU:luxembourg"]) {
      const reply = await central.queryAs(OFFICE, SCHEDULE, { cityId });
      expect(reply.errors?.[0]?.extensions, cityId).to.deep.include({
        code: "BAD_USER_INPUT",
        argumentName: "input.cityId",
      });
    }
    expect(codeOf(await central.queryAs(OFFICE, ADMIT, { input: { code: "PT" } }))).to.equal("ok");
    const { data, errors } = await central.queryAs(OFFICE, SCHEDULE, { cityId: "PT:lisbon" });
    expect(errors).to.equal(undefined);
    expect(data!.scheduleAssembly.id).to.match(/^EU:ga-/);
  });

  it("reads a member's participation for any unit the directory knows, and refuses a code it does not", async () => {
    const query = `query ($memberId: ID!) { sipParticipations(memberId: $memberId) { id } }`;
    const known = await central.queryAs(OFFICE, query, { memberId: "PT:m1" });
    expect(known.errors).to.equal(undefined);
    expect(known.data!.sipParticipations).to.deep.equal([]);
    const unknown = await central.queryAs(OFFICE, query, { memberId: "LU:m1" });
    expect(unknown.errors?.[0]?.extensions).to.deep.include({ code: "BAD_USER_INPUT", argumentName: "memberId" });
  });

  it("resolves a Country representation of any directory entry, retired too", async () => {
    expect(codeOf(await central.queryAs(OFFICE, RETIRE, { code: "PT" }))).to.equal("ok");
    const { data, errors } = await central.query(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Country { code admission } } }`,
      { representations: [{ __typename: "Country", code: "PT" }] },
    );
    expect(errors).to.equal(undefined);
    expect(data!._entities).to.deep.equal([{ code: "PT", admission: "RETIRED" }]);
  });
});
