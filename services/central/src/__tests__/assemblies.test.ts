import { expect } from "chai";
import { startTestPostgres, type PostgresServer } from "@smart/devdb";
import { startCentralTestServer, type CentralTestServer } from "./support/centralTestServer.js";

const ASSEMBLY_FIELDS = `id heldOn title city { __typename id }
  resolutions { id title votesFor votesAgainst abstentions adopted }`;

describe("assemblies", () => {
  let postgres: PostgresServer;
  let central: CentralTestServer;

  before(async () => {
    postgres = await startTestPostgres();
    central = await startCentralTestServer(postgres, "assemblies");
  });

  after(async () => {
    await central?.stop();
    await postgres?.stop();
  });

  it("lists assemblies most recent first, with city references and resolutions in vote order", async () => {
    const { data, errors } = await central.query(`{ assemblies { ${ASSEMBLY_FIELDS} } }`);
    expect(errors).to.equal(undefined);
    expect(data.assemblies.map((assembly: { id: string }) => assembly.id)).to.deep.equal([
      "EU:ga-2024",
      "EU:ga-2023",
      "EU:ga-2022",
    ]);

    const [latest] = data.assemblies;
    expect(latest).to.deep.include({ heldOn: "2024-06-15", city: { __typename: "City", id: "BE:liege" } });
    expect(latest.resolutions.map((resolution: { id: string }) => resolution.id)).to.deep.equal([
      "EU:ga-2024-r1",
      "EU:ga-2024-r2",
      "EU:ga-2024-r3",
      "EU:ga-2024-r4",
    ]);
    const rejected = latest.resolutions.find((resolution: { adopted: boolean }) => !resolution.adopted);
    expect(rejected.votesAgainst).to.be.greaterThan(rejected.votesFor);
  });

  it("reads every assembly's resolutions in one statement", async () => {
    const statements = await central.countStatements(() => central.query(`{ assemblies { ${ASSEMBLY_FIELDS} } }`));
    expect(statements).to.equal(2);
  });

  it("finds an assembly by ID, and gives null for an unknown one", async () => {
    const { data, errors } = await central.query(
      `query ($id: ID!, $missing: ID!) { assembly(id: $id) { id title } missing: assembly(id: $missing) { id } }`,
      {
        id: "EU:ga-2023",
        missing: "EU:ga-1999",
      },
    );
    expect(errors).to.equal(undefined);
    expect(data).to.deep.equal({ assembly: { id: "EU:ga-2023", title: "General assembly 2023" }, missing: null });
  });

  it("resolves Assembly representations", async () => {
    const { data, errors } = await central.query(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Assembly { id heldOn } } }`,
      {
        representations: [
          { __typename: "Assembly", id: "EU:ga-2022" },
          { __typename: "Assembly", id: "EU:ga-2024" },
        ],
      },
    );
    expect(errors).to.equal(undefined);
    expect(data._entities).to.deep.equal([
      { id: "EU:ga-2022", heldOn: "2022-06-11" },
      { id: "EU:ga-2024", heldOn: "2024-06-15" },
    ]);
  });
});
