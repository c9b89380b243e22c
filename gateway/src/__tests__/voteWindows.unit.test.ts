import { expect } from "chai";
import { parse } from "graphql";
import { memberRightsSteps } from "../memberRights/operations.js";
import { VoteWindows, type BallotSubject } from "../vote/voteWindows.js";

const subject = (assemblyId: string, resolutionId: string | null, voteStatus: BallotSubject["voteStatus"]) =>
  ({ assemblyId, resolutionId, voteStatus, voteClosesAt: null, priorityIds: [] }) as BallotSubject;

describe("gateway > vote: the windows a gateway keeps, and what a ballot weighs in admission", () => {
  it("keeps an open vote's subject only, for its time", async () => {
    const windows = new VoteWindows(50);
    windows.keep("EU:r1", null, subject("EU:ga", "EU:r1", "OPEN"));
    windows.keep("EU:r2", null, subject("EU:gb", "EU:r2", "SCHEDULED"));
    windows.keep("EU:r3", null, subject("EU:gc", "EU:r3", "CLOSED"));
    expect(windows.get("EU:r1", null)?.assemblyId).to.equal("EU:ga");
    expect(windows.get("EU:r2", null)).to.equal(undefined);
    expect(windows.get("EU:r3", null)).to.equal(undefined);
    expect(windows.get("EU:r1", "EU:ga")).to.equal(undefined);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(windows.get("EU:r1", null)).to.equal(undefined);
  });

  it("forgets every subject of an assembly whose vote central refused, by a resolution or the assembly", () => {
    const windows = new VoteWindows();
    windows.keep("EU:r1", null, subject("EU:ga", "EU:r1", "OPEN"));
    windows.keep("EU:r2", "EU:ga", subject("EU:ga", "EU:r2", "OPEN"));
    windows.keep(null, "EU:ga", subject("EU:ga", null, "OPEN"));
    windows.keep("EU:r9", null, subject("EU:gz", "EU:r9", "OPEN"));
    windows.forget("EU:r1");
    expect([windows.get("EU:r1", null), windows.get("EU:r2", "EU:ga"), windows.get(null, "EU:ga")]).to.deep.equal([
      undefined,
      undefined,
      undefined,
    ]);
    expect(windows.get("EU:r9", null)?.assemblyId).to.equal("EU:gz");
    windows.forget("EU:gz");
    expect(windows.get("EU:r9", null)).to.equal(undefined);
  });

  it("prices a ballot at four calls and weighs it as one in flight; a transfer's calls are its weight", () => {
    const ballot = parse(`mutation { castBallot(resolutionId: "EU:r1", choice: FOR) { receipt } }`);
    expect(memberRightsSteps.priceOfDocument(ballot, 9)).to.equal(4);
    expect(memberRightsSteps.inFlightOfDocument(ballot, 9)).to.equal(1);
    const transfer = parse(`mutation { transferMember(memberId: "BE:m1", to: FR) { status } }`);
    expect(memberRightsSteps.inFlightOfDocument(transfer, 10)).to.equal(
      memberRightsSteps.priceOfDocument(transfer, 10),
    );
  });
});
