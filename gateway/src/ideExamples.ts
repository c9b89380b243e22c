/**
 * The IDE's tabs (ide/src/main.tsx bundles them): the example operations of the
 * README and of docs/calling-the-graph.md ("Example queries"), ready to run. A test
 * (ide.test.ts) checks that these tabs are exactly those examples.
 */
export interface ExampleTab {
  query: string;
  variables?: string;
}

const signIn = `# Smart Europe Graph: one GraphQL endpoint over the nine national units.
# The documentation's example operations are in the tabs above; press ▶ to run one.
# Signed-in fields need someone signed in: press "Sign in" (top right) and, at the
# development provider, type an account: central-office, staff:BE (a unit's staff)
# or BE:m5 (a member). The IDE then sends their token with every request.
`;

export const EXAMPLE_TABS: readonly ExampleTab[] = [
  {
    query: `${signIn}
# The central office's directory joined with every unit's own data, in one request.
query Countries {
  countries { code name unitName sharePrice { amount currency period } memberCount cities { name } }
}
`,
  },
  {
    query: `# Members of all nine countries in one European order, paged with a cursor that
# carries each unit's position (signed in as central-office: it reads every unit).
query EuropeanMembers($after: String) {
  members(first: 20, orderBy: NAME_ASC, after: $after) {
    edges { cursor node { id displayName country { code name } city { name } } }
    pageInfo { hasNextPage endCursor }
  }
}
`,
  },
  {
    query: `# Smart In Progress, with participants resolved from their own units.
query SmartInProgress {
  sipCycles { year theme workingGroups { topic city { name } participants { displayName country { code } } } }
}
`,
  },
  {
    query: `# Unit staff register a member (sign in as staff:BE).
mutation RegisterMember {
  registerMember(input: { country: BE, firstName: "Zoë", lastName: "Lefèvre",
                          email: "zoe@example.be", cityId: "BE:brussels", shares: 2 }) { id displayName }
}
`,
  },
  {
    query: `# A BE member books a desk in Paris (sign in as BE:m5).
mutation BookDesk($key: String!) {
  bookWorkspace(input: { workspaceId: "FR:w1", memberId: "BE:m5", date: "2026-12-15", idempotencyKey: $key }) { id status }
}
`,
    variables: `{ "key": "desk-in-paris-1" }`,
  },
  {
    query: `# The member's bookings across Europe (signed in as BE:m5).
query MyBookings {
  member(id: "BE:m5") { displayName bookings { id date workspace { name city { name } } } }
}
`,
  },
  {
    query: `# The central office's tables in one request each (sign in as central-office).
query MembersByCountryAndCategory {
  memberStats(groupBy: [COUNTRY, CATEGORY], filter: { status: ACTIVE }) { country category count }
}

# A member active in BE and DE counts in both.
query MembersActiveAbroad {
  memberStats(groupBy: [ACTIVE_IN_COUNTRY]) { activeInCountry count }
}

query WorkspaceOccupancy {
  workspaceOccupancy(from: "2026-01-01", to: "2026-06-30") {
    workspace { name city { name } } seatDaysBooked seatDaysOffered rate busiestDay
  }
}

query SmartInProgressInNumbers {
  sipCycles {
    year participantCount workingGroups { topic participantCount }
    participantsByCountry { country { name memberCount } participants }
  }
}
`,
  },
];
