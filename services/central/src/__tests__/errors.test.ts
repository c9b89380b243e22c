import { expect } from "chai";
import { startTestPostgres, type PostgresServer } from "@smart/devdb";
import { startCentralTestServer, type CentralTestServer } from "./support/centralTestServer.js";

describe("errors", () => {
  let postgres: PostgresServer;
  let central: CentralTestServer;

  before(async () => {
    postgres = await startTestPostgres();
    central = await startCentralTestServer(postgres, "errors");
  });

  after(async () => {
    await central?.stop();
    await postgres?.stop();
  });

  describe("bad input", () => {
    for (const id of ["BE:m1", "ga-2023", "EU:", "EU: drop table", ""]) {
      it(`rejects ${JSON.stringify(id)} as an assembly or cycle ID with BAD_USER_INPUT`, async () => {
        const { data, errors } = await central.query(
          `query ($id: ID!) { assembly(id: $id) { id } sipCycle(id: $id) { id } countries { code } }`,
          { id },
        );
        expect(errors?.map((error) => [error.path?.[0], error.extensions?.code])).to.deep.equal([
          ["assembly", "BAD_USER_INPUT"],
          ["sipCycle", "BAD_USER_INPUT"],
        ]);
        expect(errors?.[0]?.extensions?.argument).to.equal("id");
        expect(data.countries).to.have.length(9); // the rest of the query still answers
      });
    }

    it("rejects what is not a country code with BAD_USER_INPUT", async () => {
      const { errors } = await central.query(`query ($code: CountryCode!) { country(code: $code) { code } }`, {
        code: "uk",
      });
      expect(errors?.[0]?.extensions?.code).to.equal("BAD_USER_INPUT");
    });

    it("answers null for a well-formed code the directory does not know", async () => {
      const { data, errors } = await central.query(`query ($code: CountryCode!) { country(code: $code) { code } }`, {
        code: "UK",
      });
      expect(errors).to.equal(undefined);
      expect(data.country).to.equal(null);
    });

    it("rejects a bad Country representation for that entity alone", async () => {
      const { data, errors } = await central.query(
        `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Country { code } } }`,
        {
          representations: [
            { __typename: "Country", code: "BE" },
            { __typename: "Country", code: "X1" },
            { __typename: "Country" },
            // Well-formed, but no unit of the directory's.
            { __typename: "Country", code: "UK" },
          ],
        },
      );
      expect(data._entities).to.deep.equal([{ code: "BE" }, null, null, null]);
      expect(errors?.map((error) => error.extensions?.code)).to.deep.equal([
        "BAD_USER_INPUT",
        "BAD_USER_INPUT",
        "BAD_USER_INPUT",
      ]);
      expect(errors?.[2]?.message).to.match(/UK is no unit of the central office's directory/);
    });

    it("rejects an unknown recommendation status", async () => {
      const { errors } = await central.query(`{ sipCycles { recommendations(status: LOST) { id } } }`);
      expect(errors?.[0]?.extensions?.code).to.equal("GRAPHQL_VALIDATION_FAILED");
    });

    it("answers a body that is not JSON with a GraphQL error, not a crash", async () => {
      const response = await fetch(central.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{not json",
      });
      expect(response.status).to.equal(400);
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]?.extensions.code).to.equal("BAD_REQUEST");
    });
  });

  describe("query limits", () => {
    it("refuses a query that walks the cycle ↔ working group loop too deep, before running it", async () => {
      const loop = (levels: number): string =>
        levels === 0 ? "id" : `workingGroups { cycle { ${loop(levels - 1)} } }`;
      const statements = await central.countStatements(async () => {
        const { data, errors } = await central.query(`{ sipCycles { ${loop(8)} } }`);
        expect(data ?? null).to.equal(null);
        expect(errors?.[0]?.extensions?.code).to.equal("QUERY_TOO_COMPLEX");
      });
      expect(statements).to.equal(0);
    });
  });

  describe("unexpected", () => {
    it("hides a database failure behind INTERNAL_SERVER_ERROR, without SQL, and answers the rest", async () => {
      await central.dataSource.query(`ALTER TABLE resolution RENAME TO resolution_moved`);
      try {
        const { data, errors } = await central.query(
          `{ assembly(id: "EU:ga-2023") { resolutions { id } } countries { code } }`,
        );
        expect(errors?.[0]).to.deep.include({
          message: "Internal server error.",
          extensions: { code: "INTERNAL_SERVER_ERROR" },
        });
        expect(JSON.stringify(errors)).to.not.match(/SELECT|resolution_moved|stacktrace/i);
        expect(data.assembly).to.equal(null);
        expect(data.countries).to.have.length(9);
      } finally {
        await central.dataSource.query(`ALTER TABLE resolution_moved RENAME TO resolution`);
      }
    });
  });
});
