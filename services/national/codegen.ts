import { resolverTypesConfig } from "@smart/schema/codegen";

/** Resolver types for the national subgraph, generated from the SDL in schema/. */
export default resolverTypesConfig({
  schema: ["../../schema/national.graphql", "../../schema/shard.graphql", "../../schema/access.graphql"],
  output: "src/__generated__/resolvers-types.ts",
  contextType: "../context.js#NationalContext",
  scalars: { DateTime: "Date" },
  mappers: {
    Member: "../entity/Member.js#MemberRecord as MemberRow",
    City: "../entity/City.js#City as CityRow",
    Workspace: "../entity/Workspace.js#Workspace as WorkspaceRow",
    Booking: "../entity/Booking.js#Booking as BookingRow",
    MemberErasure: "../memberRights/erasure.js#MemberErasureRow",
    Country: "../entity/CountryParent.js#CountryParent",
    MemberConnection: "../pagination/connection.js#ConnectionParent<MemberRow>",
    MemberGroup: "../entity/MemberGroupRow.js#MemberGroupRow",
    WorkspaceOccupancy: "../workspaces/occupancy.js#WorkspaceOccupancyRow",
    WorkspaceConnection: "../pagination/connection.js#ConnectionParent<WorkspaceRow>",
  },
});
