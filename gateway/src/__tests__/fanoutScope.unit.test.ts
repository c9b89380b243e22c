import { expect } from "chai";
import { FOUNDING_UNITS } from "@smart/platform";
import { readRootAccessRules, unitsReadable } from "../shardRouter/fanoutScope.js";
import { readSupergraph } from "../supergraph.js";

describe("fan-out scope (pure)", () => {
  it("reads each root query field's @access rule from the supergraph", () => {
    const rules = readRootAccessRules(readSupergraph());
    expect(Object.fromEntries(rules)).to.deep.include({
      members: "UNIT_READERS",
      bookings: "SIGNED_IN",
      member: "SIGNED_IN",
      booking: "SIGNED_IN",
    });
    // Public fan-outs carry no rule.
    for (const field of ["memberCount", "cities", "workspaces", "countries"])
      expect(rules.has(field), field).to.equal(false);
  });

  it("judges by the caller alone which units' answers they may read", () => {
    const member = { role: "member", unit: "BE", sub: "BE:m1" } as const;
    const staff = { role: "unit_staff", unit: "FR" } as const;
    expect(unitsReadable("UNIT_READERS", member, FOUNDING_UNITS)).to.deep.equal(["BE"]);
    expect(unitsReadable("UNIT_READERS", staff, FOUNDING_UNITS)).to.deep.equal(["FR"]);
    expect(unitsReadable("UNIT_READERS", { role: "central_office" }, FOUNDING_UNITS)).to.deep.equal(FOUNDING_UNITS);
    expect(unitsReadable("UNIT_READERS", { role: "anonymous" }, FOUNDING_UNITS)).to.deep.equal([]);
    expect(unitsReadable("SIGNED_IN", member, FOUNDING_UNITS)).to.deep.equal(FOUNDING_UNITS);
    expect(unitsReadable("SIGNED_IN", { role: "anonymous" }, FOUNDING_UNITS)).to.deep.equal([]);
    expect(unitsReadable("PUBLIC", { role: "anonymous" }, FOUNDING_UNITS)).to.deep.equal(FOUNDING_UNITS);
    // Depends on the record or the arguments: left to the units.
    expect(unitsReadable("OWNER", member, FOUNDING_UNITS)).to.deep.equal(FOUNDING_UNITS);
    expect(unitsReadable("UNIT_STAFF", member, FOUNDING_UNITS)).to.deep.equal([]);
    expect(unitsReadable("UNIT_STAFF", staff, FOUNDING_UNITS)).to.deep.equal(["FR"]);
  });

  it("counts every unit as the units admitted now, whatever they are", () => {
    const ten = [...FOUNDING_UNITS, "PT"];
    expect(unitsReadable("PUBLIC", { role: "anonymous" }, ten)).to.deep.equal(ten);
    expect(unitsReadable("UNIT_READERS", { role: "central_office" }, ["BE", "PT"])).to.deep.equal(["BE", "PT"]);
  });
});
