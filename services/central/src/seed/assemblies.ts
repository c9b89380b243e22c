import type { Assembly, Resolution } from "../entity/index.js";
import { cityId } from "./cityId.js";

type ResolutionSeed = Pick<Resolution, "title" | "votesFor" | "votesAgainst" | "abstentions" | "adopted">;

// Recorded assemblies held no online vote.
interface AssemblySeed extends Omit<Assembly, "voteStatus" | "voteClosesAt"> {
  /** In the order they were put to the vote. */
  resolutions: ResolutionSeed[];
}

/** The assembly that adopted the budget priorities (its second resolution). */
export const BUDGET_PRIORITIES_ASSEMBLY = "EU:ga-2023";

/** General assemblies with their votes (one member, one vote). Invented, after the budget priorities. */
export const ASSEMBLIES: readonly AssemblySeed[] = [
  {
    id: "EU:ga-2022",
    heldOn: "2022-06-11",
    cityId: cityId("BE", "Brussels"),
    title: "General assembly 2022",
    resolutions: [
      { title: "Approve the 2021 accounts", votesFor: 212, votesAgainst: 9, abstentions: 14, adopted: true },
      {
        title: "Smart In Progress 2023: better shared tools and services",
        votesFor: 187,
        votesAgainst: 21,
        abstentions: 27,
        adopted: true,
      },
      {
        title: "Raise the yearly share price in Belgium to €40",
        votesFor: 64,
        votesAgainst: 151,
        abstentions: 20,
        adopted: false,
      },
    ],
  },
  {
    id: "EU:ga-2023",
    heldOn: "2023-06-10",
    cityId: cityId("BE", "Brussels"),
    title: "General assembly 2023",
    resolutions: [
      { title: "Approve the 2022 accounts", votesFor: 241, votesAgainst: 6, abstentions: 19, adopted: true },
      {
        title: "Budget priorities: tools and services, cooperative life, international development, shared workspaces",
        votesFor: 228,
        votesAgainst: 12,
        abstentions: 26,
        adopted: true,
      },
      {
        title: "Smart In Progress 2024: a livelier cooperative life across borders",
        votesFor: 203,
        votesAgainst: 30,
        abstentions: 33,
        adopted: true,
      },
    ],
  },
  {
    id: "EU:ga-2024",
    heldOn: "2024-06-15",
    cityId: cityId("BE", "Liège"),
    title: "General assembly 2024",
    resolutions: [
      { title: "Approve the 2023 accounts", votesFor: 256, votesAgainst: 11, abstentions: 22, adopted: true },
      {
        title: "Smart In Progress 2025: more shared workspaces, closer to members",
        votesFor: 219,
        votesAgainst: 41,
        abstentions: 29,
        adopted: true,
      },
      {
        title: "Hold the next general assembly outside Belgium",
        votesFor: 118,
        votesAgainst: 124,
        abstentions: 47,
        adopted: false,
      },
      {
        title: "Open a shared workspace with a partner in every unit by 2027",
        votesFor: 171,
        votesAgainst: 73,
        abstentions: 45,
        adopted: true,
      },
    ],
  },
];
