import type { RecommendationStatus } from "../entity/index.js";
import { cityId } from "./cityId.js";

interface RecommendationSeed {
  title: string;
  status: RecommendationStatus;
}

interface WorkingGroupSeed {
  cityId: string;
  topic: string;
  /** National member IDs, `<CODE>:m<N>` with N in 1..50 (the national seed numbers members from 1 per unit). */
  participants: string[];
  recommendations: RecommendationSeed[];
}

interface SipCycleSeed {
  year: number;
  theme: string;
  themeVotedAtId: string | null;
  workingGroups: WorkingGroupSeed[];
  /** Recommendations of the cycle's closing plenary, from no single group. */
  plenary: RecommendationSeed[];
}

/** Smart In Progress cycles: invented groups and outcomes, in all five statuses. */
export const SIP_CYCLES: readonly SipCycleSeed[] = [
  {
    year: 2023,
    theme: "Better shared tools and services",
    themeVotedAtId: "EU:ga-2022",
    workingGroups: [
      {
        cityId: cityId("BE", "Brussels"),
        topic: "Invoicing for first-time members",
        participants: ["BE:m1", "BE:m7", "BE:m12", "FR:m3"],
        recommendations: [
          { title: "Explain each invoice line in plain language", status: "DONE" },
          { title: "Let members draft invoices on their phone", status: "DONE" },
        ],
      },
      {
        cityId: cityId("FR", "Paris"),
        topic: "Contracts for performing artists",
        participants: ["FR:m2", "FR:m9", "FR:m21"],
        recommendations: [{ title: "One contract template per kind of gig", status: "NOT_DONE" }],
      },
      {
        cityId: cityId("ES", "Málaga"),
        topic: "Tools in Spanish and English",
        participants: ["ES:m4", "ES:m5", "ES:m18"],
        recommendations: [{ title: "Translate the member portal into Spanish", status: "DONE" }],
      },
    ],
    plenary: [{ title: "Replace the member portal with a new one in 2023", status: "REJECTED" }],
  },
  {
    year: 2024,
    theme: "A livelier cooperative life across borders",
    themeVotedAtId: "EU:ga-2023",
    workingGroups: [
      {
        cityId: cityId("BE", "Ghent"),
        topic: "Member meet-ups outside Brussels",
        participants: ["BE:m3", "BE:m22", "NL:m6"],
        recommendations: [{ title: "A monthly meet-up in every Belgian city", status: "IN_PROGRESS" }],
      },
      {
        cityId: cityId("BE", "Louvain-la-Neuve"),
        topic: "Students joining the cooperative",
        participants: ["BE:m15", "BE:m31"],
        recommendations: [{ title: "A reduced first share for students", status: "POSTPONED" }],
      },
      {
        cityId: cityId("IT", "Milan"),
        topic: "Working across borders",
        participants: ["IT:m1", "IT:m8", "FR:m14", "DE:m2"],
        recommendations: [
          { title: "A guide to working in another unit's country", status: "DONE" },
          { title: "Recognise shares across units", status: "IN_PROGRESS" },
        ],
      },
      {
        cityId: cityId("DE", "Berlin"),
        topic: "Voting online in the general assembly",
        participants: ["DE:m5", "DE:m11", "AT:m3"],
        recommendations: [{ title: "Vote online at the general assembly", status: "REJECTED" }],
      },
    ],
    plenary: [{ title: "Translate general assembly documents into every unit's language", status: "NOT_DONE" }],
  },
  {
    year: 2025,
    theme: "More shared workspaces, closer to members",
    themeVotedAtId: "EU:ga-2024",
    workingGroups: [
      {
        cityId: cityId("BE", "Brussels"),
        topic: "Booking desks at LaVallée",
        participants: ["BE:m2", "BE:m8", "BE:m40", "ES:m9"],
        recommendations: [{ title: "Book a desk for a half day", status: "IN_PROGRESS" }],
      },
      {
        cityId: cityId("BE", "Liège"),
        topic: "A workspace in Liège",
        participants: ["BE:m19", "BE:m27"],
        recommendations: [{ title: "Open a workspace with a partner in Liège", status: "POSTPONED" }],
      },
      {
        cityId: cityId("FR", "Lyon"),
        topic: "Studios for visual artists",
        participants: ["FR:m5", "FR:m30", "FR:m44"],
        recommendations: [{ title: "Rent studios by the month", status: "IN_PROGRESS" }],
      },
      {
        cityId: cityId("ES", "Málaga"),
        topic: "Coworking by the sea",
        participants: ["ES:m1", "ES:m12"],
        recommendations: [{ title: "A coworking partner in Málaga", status: "DONE" }],
      },
      {
        cityId: cityId("SE", "Stockholm"),
        topic: "Sharing space with other cooperatives",
        participants: ["SE:m1", "SE:m4", "HU:m2"],
        recommendations: [{ title: "Share a workspace with another cooperative", status: "NOT_DONE" }],
      },
    ],
    plenary: [{ title: "About ten shared workspaces become twenty by 2028", status: "IN_PROGRESS" }],
  },
];
