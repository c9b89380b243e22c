import { expect } from "chai";
import { compareCodePoints, foldForSort, memberNameKey } from "../sortKey.js";
import { compareKeys, decodeCompositeCursor, decodeUnitCursor, encodeCompositeCursor, encodeUnitCursor } from "../cursor.js";

describe("platform > sort keys", () => {
  it("folds accents and letters without decomposition to ASCII", () => {
    expect(foldForSort("Ödön")).to.equal("odon");
    expect(foldForSort("Łukasz")).to.equal("lukasz");
    expect(foldForSort("Émile  Zoë")).to.equal("emile zoe");
    expect(foldForSort("Søren Æbelø")).to.equal("soren aebelo");
  });

  it("orders last name before first name", () => {
    const names = [memberNameKey("Vana", "Ada"), memberNameKey("Van", "Zoe"), memberNameKey("Édouard", "Bo")];
    expect([...names].sort(compareCodePoints)).to.deep.equal([
      memberNameKey("Édouard", "Bo"),
      memberNameKey("Van", "Zoe"),
      memberNameKey("Vana", "Ada"),
    ]);
  });

  it("compares by code point, as Postgres under COLLATE \"C\"", () => {
    // UTF-16 order puts U+FF5E after U+1F600's surrogates; code point order does not.
    expect(compareCodePoints("\u{1F600}", "\uFF5E")).to.equal(1);
    expect("\u{1F600}" < "\uFF5E").to.equal(true);
    expect(compareCodePoints("a", "ab")).to.equal(-1);
  });
});

describe("platform > cursors", () => {
  it("round-trips a unit cursor and refuses one of another order", () => {
    const cursor = encodeUnitCursor({ order: "NAME_ASC", key: ["dupont\u0001anna", "BE:1"] });
    expect(decodeUnitCursor(cursor, "NAME_ASC").key).to.deep.equal(["dupont\u0001anna", "BE:1"]);
    expect(() => decodeUnitCursor(cursor, "JOINED_DESC")).to.throw(/ordered by JOINED_DESC/);
    expect(() => decodeUnitCursor("not-a-cursor", "NAME_ASC")).to.throw();
  });

  it("compares keys by each order's directions", () => {
    expect(compareKeys("JOINED_DESC", ["2024-01-02", "FR:a"], ["2024-01-01", "BE:z"])).to.equal(-1);
    expect(compareKeys("NAME_ASC", ["a", "FR:a"], ["a", "BE:z"])).to.equal(1);
  });

  it("round-trips a composite cursor and refuses a tampered one", () => {
    const cursor = encodeCompositeCursor({ BE: "x", FR: "y" });
    expect(decodeCompositeCursor(cursor)).to.deep.equal({ BE: "x", FR: "y" });
    const tampered = Buffer.from(JSON.stringify({ eu1: { XX: "x" } })).toString("base64url");
    expect(() => decodeCompositeCursor(tampered)).to.throw(/Europe-wide cursor/);
  });
});
