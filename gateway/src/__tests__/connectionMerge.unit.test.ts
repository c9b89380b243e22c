import { expect } from "chai";
import { FOUNDING_UNITS, type CompositeCursor, type OrderName } from "@smart/platform";
import { mergeConnectionPages, UnreadableCursorError, type UnitPage } from "../shardRouter/connectionMerge.js";
import { unitShareOf } from "../shardRouter/fieldPlan.js";
import { cursorOf, keysetPage, sortMembers, testCursors, testMembers, type TestMember } from "./helpers/memberData.js";

const units = testMembers(7);
const everyone = Object.values(units).flat();

/** What each unit answers for its position in `start`. */
function unitPages(order: OrderName, first: number, start: CompositeCursor): UnitPage[] {
  return FOUNDING_UNITS.map((unit) => {
    const position = start[unit];
    const page = keysetPage(units[unit], order, first, position ? testCursors.peek(unit, position)!.key : undefined);
    return { unit, cursors: page.members.map((m) => cursorOf(m, order)), hasNextPage: page.hasNextPage };
  });
}

const byId = new Map(everyone.map((m) => [m.id, m]));
const memberOf = (page: UnitPage[], edge: { unit: string; index: number }) =>
  byId.get(testCursors.peek(edge.unit, page.find((p) => p.unit === edge.unit)!.cursors[edge.index]!)!.key[1]!)!;

describe("connection merge", () => {
  for (const order of ["NAME_ASC", "JOINED_DESC"] as const) {
    it(`gives the first page of the European ${order} order`, () => {
      const pages = unitPages(order, 10, {});
      const merged = mergeConnectionPages(pages, { start: {}, first: 10, edgeCursors: true, cursors: testCursors });
      expect(merged.edges.map((e) => memberOf(pages, e).id)).to.deep.equal(
        sortMembers(everyone, order)
          .slice(0, 10)
          .map((m) => m.id),
      );
      expect(merged.hasNextPage).to.equal(true);
    });

    it(`walks every member exactly once in ${order} order, page after page`, () => {
      const seen: TestMember[] = [];
      let start: CompositeCursor = {};
      for (let guard = 0; guard < 100; guard++) {
        const pages = unitPages(order, 4, start);
        const merged = mergeConnectionPages(pages, { start, first: 4, edgeCursors: false, cursors: testCursors });
        seen.push(...merged.edges.map((e) => memberOf(pages, e)));
        if (!merged.hasNextPage) break;
        start = testCursors.decodeComposite(merged.endCursor!);
      }
      expect(seen.map((m) => m.id)).to.deep.equal(sortMembers(everyone, order).map((m) => m.id));
    });
  }

  it('orders accented names by their folded key, as COLLATE "C" orders the stored key', () => {
    const pages = unitPages("NAME_ASC", 100, {});
    const merged = mergeConnectionPages(pages, { start: {}, first: null, edgeCursors: false, cursors: testCursors });
    const names = merged.edges.map((e) => memberOf(pages, e).lastName);
    // Ø and Ö fold to "o", Ł to "l", É to "e": "Østergaard" sorts among the Os, not after Z.
    const positions = (name: string) => names.indexOf(name);
    expect(positions("Łęcki")).to.be.lessThan(positions("Müller"));
    expect(positions("Émery")).to.be.lessThan(positions("Ibáñez"));
    expect(positions("Østergaard")).to.be.lessThan(positions("Van Damme"));
    expect(positions("Zola")).to.equal(names.length - names.filter((n) => n === "Zola").length);
  });

  it("gives each edge a composite cursor holding every unit's position after it", () => {
    const pages = unitPages("NAME_ASC", 3, {});
    const merged = mergeConnectionPages(pages, { start: {}, first: 3, edgeCursors: true, cursors: testCursors });
    const last = merged.edges.at(-1)!;
    expect(merged.endCursor).to.equal(last.cursor);
    const positions = testCursors.decodeComposite(last.cursor!);
    for (const edge of merged.edges) {
      expect(positions[edge.unit]).to.be.a("string");
    }
    const firstPositions = testCursors.decodeComposite(merged.edges[0]!.cursor!);
    expect(Object.keys(firstPositions)).to.deep.equal([merged.edges[0]!.unit]);
  });

  it("keeps the positions of units it did not advance", () => {
    const start: CompositeCursor = { SE: cursorOf(units.SE[0]!, "NAME_ASC") };
    const atCursor = cursorOf(units.AT[0]!, "NAME_ASC");
    const merged = mergeConnectionPages([{ unit: "AT", cursors: [atCursor], hasNextPage: false }], {
      start,
      first: 5,
      edgeCursors: false,
      cursors: testCursors,
    });
    expect(testCursors.decodeComposite(merged.endCursor!)).to.deep.equal({ SE: start.SE, AT: atCursor });
    expect(merged.hasNextPage).to.equal(false);
  });

  it("has a next page when a unit still holds rows beyond its page", () => {
    const merged = mergeConnectionPages([{ unit: "AT", cursors: [], hasNextPage: true }], {
      start: {},
      first: 5,
      edgeCursors: false,
      cursors: testCursors,
    });
    expect(merged.hasNextPage).to.equal(true);
  });

  it("answers an empty page with no end cursor", () => {
    const merged = mergeConnectionPages(
      unitPages("NAME_ASC", 5, {}).map((p) => ({ ...p, cursors: [], hasNextPage: false })),
      {
        start: {},
        first: 5,
        edgeCursors: true,
        cursors: testCursors,
      },
    );
    expect(merged).to.deep.equal({ edges: [], complete: true, shortUnits: [], hasNextPage: false, endCursor: null });
  });

  it("names the unit whose cursor it cannot read", () => {
    expect(() =>
      mergeConnectionPages([{ unit: "FR", cursors: ["not a cursor"], hasNextPage: false }], {
        start: {},
        first: 5,
        edgeCursors: false,
        cursors: testCursors,
      }),
    )
      .to.throw(UnreadableCursorError)
      .with.property("unit", "FR");
  });

  it("refuses pages cut for different orders", () => {
    const pages: UnitPage[] = [
      { unit: "AT", cursors: [cursorOf(units.AT[0]!, "NAME_ASC")], hasNextPage: false },
      { unit: "BE", cursors: [cursorOf(units.BE[0]!, "JOINED_DESC")], hasNextPage: false },
    ];
    expect(() =>
      mergeConnectionPages(pages, { start: {}, first: 5, edgeCursors: false, cursors: testCursors }),
    ).to.throw(UnreadableCursorError);
  });

  it("says it is incomplete, and stops, where a unit asked for a share ran out while it has more", () => {
    // Shares of 2 rows each: a page of 12 cannot be cut before some unit's third row is known.
    const pages = unitPages("NAME_ASC", 2, {});
    const merged = mergeConnectionPages(pages, { start: {}, first: 12, edgeCursors: false, cursors: testCursors });
    expect(merged.complete).to.equal(false);
    expect(merged.shortUnits.length).to.be.greaterThan(0);
    expect(merged.shortUnits.every((unit) => merged.edges.filter((e) => e.unit === unit).length === 2)).to.equal(true);
    expect(merged.edges.map((e) => memberOf(pages, e).id)).to.deep.equal(
      sortMembers(everyone, "NAME_ASC")
        .slice(0, merged.edges.length)
        .map((m) => m.id),
    );
    const full = unitPages("NAME_ASC", 10, {});
    expect(
      mergeConnectionPages(full, { start: {}, first: 10, edgeCursors: false, cursors: testCursors }).complete,
    ).to.equal(true);
  });

  it("shares a Europe-wide page out: twice an even share and two, never more than the page, a refused `first` as it is", () => {
    expect(unitShareOf(50, 9)).to.equal(14);
    expect(unitShareOf(20, 9)).to.equal(7);
    expect(unitShareOf(3, 9)).to.equal(3);
    expect(unitShareOf(50, 1)).to.equal(50);
    expect(unitShareOf(500, 9)).to.equal(500);
    expect(unitShareOf(0, 9)).to.equal(0);
    expect(unitShareOf(null, 9)).to.equal(null);
  });
});
