import { expect } from "chai";
import { addDays, checkDayRange, daysBetween, eachDay, unitToday } from "../bookings/calendar.js";

describe("national > bookings > calendar", () => {
  it("reads today in the unit's time zone, not UTC", () => {
    const lateEvening = new Date("2024-05-31T22:30:00Z"); // 00:30 on June 1st in Paris (CEST)
    expect(unitToday("FR", lateEvening)).to.equal("2024-06-01");
    expect(unitToday("FR", new Date("2024-01-15T23:30:00Z"))).to.equal("2024-01-16"); // CET
    expect(unitToday("FR", new Date("2024-01-15T22:30:00Z"))).to.equal("2024-01-15");
  });

  it("counts days across months, leap days and clock changes", () => {
    expect(addDays("2024-02-28", 1)).to.equal("2024-02-29");
    expect(addDays("2024-03-30", 2)).to.equal("2024-04-01");
    expect(addDays("2025-01-01", -1)).to.equal("2024-12-31");
    expect(daysBetween("2024-03-30", "2024-04-01")).to.equal(2);
    expect(eachDay("2024-10-26", "2024-10-28")).to.deep.equal(["2024-10-26", "2024-10-27", "2024-10-28"]);
  });

  it("allows 62 days at most, both ends included", () => {
    expect(() => checkDayRange("2024-01-01", "2024-03-02")).to.not.throw(); // 62 days
    expect(() => checkDayRange("2024-01-01", "2024-03-03")).to.throw(/spans 63 days/);
    expect(() => checkDayRange("2024-01-02", "2024-01-01")).to.throw(/is after/);
  });
});
