import { expect } from "chai";
import { compareCodePoints, foldForSort, memberNameKey } from "../sortKey.js";
import { compareKeys, createCursorCodec, decodeCompositeCursor, encodeCompositeCursor } from "../cursor.js";

describe("platform > sort keys", () => {
  it("folds accents and letters without decomposition to ASCII", () => {
    expect(foldForSort("Ödön")).to.equal("odon");
    expect(foldForSort("Łukasz")).to.equal("lukasz");
    expect(foldForSort("Émile  Zoë")).to.equal("emile zoe");
    expect(foldForSort("Søren Æbelø")).to.equal("soren aebelo");
  });

  it("orders last name before first name", () => {
    const names = [memberNameKey("Vana", "Ada"), memberNameKey("Van", "Zoe"), memberNameKey("Édouard", "Bo")];
    expect([...names].sort(compareCodePoints)).to.deep.equal([memberNameKey("Édouard", "Bo"), memberNameKey("Van", "Zoe"), memberNameKey("Vana", "Ada")]);
  });

  it('compares by code point, as Postgres under COLLATE "C"', () => {
    // UTF-16 order puts U+FF5E after U+1F600's surrogates; code point order does not.
    expect(compareCodePoints("\u{1F600}", "\uFF5E")).to.equal(1);
    expect("\u{1F600}" < "\uFF5E").to.equal(true);
    expect(compareCodePoints("a", "ab")).to.equal(-1);
  });
});

describe("platform > cursors", () => {
  const cursors = createCursorCodec(["a-secret-of-at-least-thirty-two-characters"]);

  it("round-trips a unit cursor and refuses one of another order", () => {
    const cursor = cursors.encode("BE", { order: "NAME_ASC", key: ["dupont\u0001anna", "BE:1"] });
    expect(cursors.decode("BE", cursor, "NAME_ASC").key).to.deep.equal(["dupont\u0001anna", "BE:1"]);
    expect(() => cursors.decode("BE", cursor, "JOINED_DESC")).to.throw(/ordered by JOINED_DESC/);
    expect(() => cursors.decode("BE", "not-a-cursor", "NAME_ASC")).to.throw();
  });

  it("seals the sort key: nothing of it can be read from the cursor", () => {
    const cursor = cursors.encode("BE", { order: "JOINED_DESC", key: ["2026-10-29", "BE:m2000"] });
    const bytes = Buffer.from(cursor, "base64url").toString("latin1");
    for (const secret of ["2026", "10-29", "BE:m", "JOINED"]) expect(bytes).not.to.include(secret);
  });

  it("seals each position once (the same text again), never two positions under one nonce, and opens to a frozen key", () => {
    const codec = createCursorCodec(["a-secret-of-at-least-thirty-two-characters"]);
    const position = { order: "NAME_ASC", key: ["peeters\u0001jan", "BE:m7"] } as const;
    const cursor = codec.encode("BE", { ...position, key: [...position.key] });
    expect(codec.encode("BE", { ...position, key: [...position.key] }), "kept").to.equal(cursor);
    const nonces = new Set<string>();
    for (let i = 0; i < 200; i++)
      nonces.add(
        Buffer.from(codec.encode("BE", { order: "NAME_ASC", key: ["k", `BE:m${i}`] }), "base64url")
          .subarray(0, 12)
          .toString("hex"),
      );
    expect(nonces.size).to.equal(200);
    const opened = codec.decode("BE", cursor, "NAME_ASC");
    expect(opened).to.deep.equal(position);
    expect(Object.isFrozen(opened) && Object.isFrozen(opened.key)).to.equal(true);
    expect(createCursorCodec(["a-secret-of-at-least-thirty-two-characters"]).peek("BE", cursor), "another process opens it").to.deep.equal(position);
  });

  it("opens no tampered, foreign or forged cursor", () => {
    const cursor = cursors.encode("BE", { order: "NAME_ASC", key: ["claes noor", "BE:m5"] });
    const bytes = Buffer.from(cursor, "base64url");
    for (let i = 0; i < bytes.length; i += 7) {
      const tampered = Buffer.from(bytes);
      tampered[i] = tampered[i]! ^ 1;
      expect(cursors.peek("BE", tampered.toString("base64url"))).to.equal(null);
    }
    expect(cursors.peek("FR", cursor), "another unit's").to.equal(null);
    const forged = Buffer.from(JSON.stringify({ o: "NAME_ASC", k: ["a", "BE:m1"] })).toString("base64url");
    expect(() => cursors.decode("BE", forged, "NAME_ASC")).to.throw(/not a cursor of this list/);
    expect(createCursorCodec(["another-secret-of-at-least-thirty-two-chars"]).peek("BE", cursor), "other secret").to.equal(null);
  });

  it("opens cursors sealed with the secret also accepted during a rotation, and seals with the current one", () => {
    const old = createCursorCodec(["the-old-secret-of-at-least-thirty-two-chars"]);
    const rotating = createCursorCodec(["the-new-secret-of-at-least-thirty-two-chars", "the-old-secret-of-at-least-thirty-two-chars"]);
    const sealedOld = old.encode("SE", { order: "NAME_ASC", key: ["a", "SE:m1"] });
    expect(rotating.peek("SE", sealedOld)).to.deep.equal({ order: "NAME_ASC", key: ["a", "SE:m1"] });
    expect(old.peek("SE", rotating.encode("SE", { order: "NAME_ASC", key: ["a", "SE:m1"] }))).to.equal(null);
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
