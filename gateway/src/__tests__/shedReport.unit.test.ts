import { expect } from "chai";
import { shedReport } from "../admission.js";

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("gateway > shedReport (the overload log)", () => {
  it("reports the requests shed in an interval once, with their number, and starts counting again", async () => {
    const reports: number[] = [];
    const shed = shedReport((n) => reports.push(n), 30);
    for (let i = 0; i < 500; i++) shed();
    expect(reports, "nothing before the interval ends").to.deep.equal([]);
    await wait(60);
    shed();
    shed();
    await wait(60);
    expect(reports).to.deep.equal([500, 2]);
  });

  it("reports nothing while nothing is shed", async () => {
    const reports: number[] = [];
    shedReport((n) => reports.push(n), 10);
    await wait(40);
    expect(reports).to.deep.equal([]);
  });
});
