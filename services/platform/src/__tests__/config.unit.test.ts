import { expect } from "chai";
import { z } from "zod";
import { ConfigError, port, readArgs, readConfig, UsageError, wholeNumber } from "../config.js";

describe("platform > config", () => {
  describe("readArgs (the command line)", () => {
    const flags = {
      "members-per-unit": wholeNumber().min(0).default(2000),
      resume: z.boolean().default(false),
      country: z.string().optional(),
    };

    it("parses flags with parseArgs and zod, camelCased, defaults applied", () => {
      expect(readArgs(["--members-per-unit", "10", "--resume"], flags).values).to.deep.equal({
        membersPerUnit: 10,
        resume: true,
      });
      expect(readArgs([], flags).values).to.deep.equal({ membersPerUnit: 2000, resume: false });
    });

    it("names each bad flag with what it got", () => {
      expect(() => readArgs(["--members-per-unit", "lots"], flags)).to.throw(
        UsageError,
        "--members-per-unit: expected a whole number, got 'lots'",
      );
    });

    it("refuses an unknown flag, and positionals unless asked for", () => {
      expect(() => readArgs(["--membres-per-unit", "3"], flags)).to.throw(UsageError, /membres-per-unit/);
      expect(() => readArgs(["members"], flags)).to.throw(UsageError);
      expect(readArgs(["members", "--resume"], flags, { positionals: true }).positionals).to.deep.equal(["members"]);
    });
  });

  describe("readConfig (the environment)", () => {
    it("names each bad variable with what it got", () => {
      expect(() => readConfig({ PORT: port(4000), OTHER_PORT: port(1) }, { PORT: "x", OTHER_PORT: "70000" }))
        .to.throw(ConfigError)
        .with.property("message")
        .that.matches(/^PORT: .*got 'x'\nOTHER_PORT: .*got '70000'$/);
    });
  });
});
