import { expect } from "chai";
import { compareCodePoints, foldForSort, memberNameKey } from "../sortKey.js";
import { hkdfSync, randomBytes } from "node:crypto";
import { ConfigError } from "../config.js";
import { compareKeys, gatewayCursors, unitCursorCodec } from "../cursor.js";
import {
  cursorKeyText,
  cursorMasterKeys,
  deriveCursorKey,
  developmentCursorMasterKeys,
  unitCursorKeys,
} from "../cursorKeys.js";

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

  it('compares by code point, as Postgres under COLLATE "C"', () => {
    // UTF-16 order puts U+FF5E after U+1F600's surrogates; code point order does not.
    expect(compareCodePoints("\u{1F600}", "\uFF5E")).to.equal(1);
    expect("\u{1F600}" < "\uFF5E").to.equal(true);
    expect(compareCodePoints("a", "ab")).to.equal(-1);
  });
});

describe("platform > cursors", () => {
  const MASTER = randomBytes(32);
  const beKey = deriveCursorKey(MASTER, "BE");
  const cursors = unitCursorCodec("BE", [beKey]);

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
    const codec = unitCursorCodec("BE", [beKey]);
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
    expect(unitCursorCodec("BE", [beKey]).peek("BE", cursor), "another process opens it").to.deep.equal(position);
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
    expect(unitCursorCodec("BE", [randomBytes(32)]).peek("BE", cursor), "other key").to.equal(null);
  });

  it("gives each unit its own key: FR's key opens no BE cursor, even relabelled, and seals none", () => {
    const fr = unitCursorCodec("FR", [deriveCursorKey(MASTER, "FR")]);
    const cursor = cursors.encode("BE", { order: "NAME_ASC", key: ["a", "BE:m1"] });
    expect(fr.peek("BE", cursor)).to.equal(null);
    expect(fr.peek("FR", cursor)).to.equal(null);
    expect(() => fr.encode("BE", { order: "NAME_ASC", key: ["a", "BE:m1"] })).to.throw(/No cursor key of the BE unit/);
  });

  it("opens cursors sealed with the key also accepted during a rotation, and seals with the current one", () => {
    const oldKey = deriveCursorKey(MASTER, "SE");
    const newKey = deriveCursorKey(randomBytes(32), "SE");
    const old = unitCursorCodec("SE", [oldKey]);
    const rotating = unitCursorCodec("SE", [newKey, oldKey]);
    const sealedOld = old.encode("SE", { order: "NAME_ASC", key: ["a", "SE:m1"] });
    expect(rotating.peek("SE", sealedOld)).to.deep.equal({ order: "NAME_ASC", key: ["a", "SE:m1"] });
    expect(old.peek("SE", rotating.encode("SE", { order: "NAME_ASC", key: ["a", "SE:m1"] }))).to.equal(null);
  });

  it("compares keys by each order's directions", () => {
    expect(compareKeys("JOINED_DESC", ["2024-01-02", "FR:a"], ["2024-01-01", "BE:z"])).to.equal(-1);
    expect(compareKeys("NAME_ASC", ["a", "FR:a"], ["a", "BE:z"])).to.equal(1);
  });
});

describe("platform > cursors > the gateway's", () => {
  const MASTER = randomBytes(32);
  const gateway = gatewayCursors([MASTER]);

  it("opens every unit's cursors with keys derived from the master, as each unit seals them with its own", () => {
    for (const unit of ["AT", "BE", "SE"] as const) {
      const sealed = unitCursorCodec(unit, [deriveCursorKey(MASTER, unit)]).encode(unit, {
        order: "JOINED_DESC",
        key: ["2020-01-01", `${unit}:m1`],
      });
      expect(gateway.peek(unit, sealed)).to.deep.equal({ order: "JOINED_DESC", key: ["2020-01-01", `${unit}:m1`] });
    }
    expect(
      gatewayCursors([randomBytes(32)]).peek("BE", gateway.encode("BE", { order: "NAME_ASC", key: ["a", "BE:m1"] })),
      "another master",
    ).to.equal(null);
  });

  it("seals its composite cursors under its own key: round-trips, and refuses a tampered, forged or unit one", () => {
    const cursor = gateway.encodeComposite({ BE: "x", FR: "y" });
    expect(gateway.decodeComposite(cursor)).to.deep.equal({ BE: "x", FR: "y" });
    expect(
      gatewayCursors([MASTER]).encodeComposite({ BE: "x", FR: "y" }),
      "the same positions, the same text, in any process",
    ).to.equal(cursor);
    expect(gateway.encodeComposite({ BE: "x", FR: "z" }).slice(0, 16), "other positions, another IV").not.to.equal(
      cursor.slice(0, 16),
    );
    expect(Buffer.from(cursor, "base64url").toString("latin1")).not.to.include('"BE"');
    const forged = Buffer.from(JSON.stringify({ eu1: { BE: "x" } })).toString("base64url");
    const tampered = Buffer.from(cursor, "base64url");
    tampered[20] = tampered[20]! ^ 1;
    const unitCursor = unitCursorCodec("BE", [deriveCursorKey(MASTER, "BE")]).encode("BE", {
      order: "NAME_ASC",
      key: ["a", "BE:m1"],
    });
    for (const bad of [forged, tampered.toString("base64url"), unitCursor, "x".repeat(20_000)]) {
      expect(() => gateway.decodeComposite(bad)).to.throw(/Europe-wide cursor/);
    }
    expect(() => gatewayCursors([randomBytes(32)]).decodeComposite(cursor), "another master").to.throw(
      /Europe-wide cursor/,
    );
  });

  it("opens composite cursors of the master also accepted during a rotation", () => {
    const next = randomBytes(32);
    const old = gatewayCursors([MASTER]).encodeComposite({ SE: "z" });
    expect(gatewayCursors([next, MASTER]).decodeComposite(old)).to.deep.equal({ SE: "z" });
  });
});

describe("platform > cursor keys", () => {
  it('derives a unit\'s key as HKDF-SHA256(master, "smart-europe-graph", "cursor/v1/<CC>", 32)', () => {
    const master = Buffer.alloc(32, 7);
    const expected = Buffer.from(hkdfSync("sha256", master, "smart-europe-graph", "cursor/v1/BE", 32));
    expect(deriveCursorKey(master, "BE")).to.deep.equal(expected);
    expect(cursorKeyText(deriveCursorKey(master, "BE"))).to.equal(expected.toString("base64url"));
    expect(deriveCursorKey(master, "FR")).not.to.deep.equal(expected);
  });

  it("reads CURSOR_KEY and CURSOR_MASTER_KEY (and their _ACCEPTED); production refuses to start without them", () => {
    const key = cursorKeyText(randomBytes(32));
    const next = cursorKeyText(randomBytes(32));
    expect(unitCursorKeys("BE", { CURSOR_KEY: key, CURSOR_KEY_ACCEPTED: next }).map(cursorKeyText)).to.deep.equal([
      key,
      next,
    ]);
    expect(cursorMasterKeys({ CURSOR_MASTER_KEY: key }).map(cursorKeyText)).to.deep.equal([key]);
    expect(() => unitCursorKeys("BE", { NODE_ENV: "production" })).to.throw(
      ConfigError,
      /^CURSOR_KEY: required when NODE_ENV=production/,
    );
    expect(() => cursorMasterKeys({ NODE_ENV: "production" })).to.throw(
      ConfigError,
      /^CURSOR_MASTER_KEY: required when NODE_ENV=production/,
    );
    expect(() => unitCursorKeys("BE", { CURSOR_KEY: "short" })).to.throw(ConfigError, /^CURSOR_KEY: expected 32 bytes/);
    expect(() => cursorMasterKeys({ CURSOR_MASTER_KEY: "not base64url!" })).to.throw(ConfigError, /at least 32 bytes/);
    expect(() => unitCursorKeys("BE", { CURSOR_KEY_ACCEPTED: next })).to.throw(ConfigError, /only beside CURSOR_KEY/);
    const warnings: string[] = [];
    const development = unitCursorKeys("BE", {}, (line) => warnings.push(line));
    expect(development).to.deep.equal([deriveCursorKey(developmentCursorMasterKeys()[0]!, "BE")]);
    expect(cursorMasterKeys({}, (line) => warnings.push(line))).to.deep.equal(developmentCursorMasterKeys());
    expect(warnings).to.have.length(2);
    expect(warnings.join()).to.match(/PUBLIC DEVELOPMENT MASTER/);
  });
});
