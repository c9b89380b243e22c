import { expect } from "chai";
import { sharesInTarget } from "../memberRights/sharePrices.js";

describe("gateway > a transferred member's shares in the target unit", () => {
  const once = (amount: number, currency = "EUR") => ({ amount, currency, period: "ONCE" as const });

  it("carries the capital over between units pricing a share once in the same currency, in whole shares, at least one", () => {
    expect(sharesInTarget(3, once(50), once(25))).to.equal(6);
    expect(sharesInTarget(3, once(50), once(150))).to.equal(1);
    expect(sharesInTarget(4, once(50), once(150))).to.equal(1);
    expect(sharesInTarget(7, once(50), once(150))).to.equal(2);
    expect(sharesInTarget(1, once(20), once(50))).to.equal(1);
  });

  it("gives the target's one share when the capital cannot be carried over: a yearly share, another currency", () => {
    expect(sharesInTarget(5, { amount: 30, currency: "EUR", period: "YEARLY" }, once(50))).to.equal(1);
    expect(sharesInTarget(5, once(50), { amount: 30, currency: "EUR", period: "YEARLY" })).to.equal(1);
    expect(sharesInTarget(5, once(50), once(10000, "HUF"))).to.equal(1);
  });
});
