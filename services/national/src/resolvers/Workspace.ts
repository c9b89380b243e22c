import type { WorkspaceResolvers } from "../__generated__/resolvers-types.js";
import { availabilityOn } from "../bookings/availability.js";
import { checkDayRange, eachDay } from "../bookings/calendar.js";
import { isOwnId } from "../unitScope.js";
import { MAX_UNPAGED_ROWS, tooManyRows } from "@smart/platform";

export const Workspace: WorkspaceResolvers = {
  __resolveReference: ({ id }, context) => (isOwnId(context.unit, id) ? context.loaders.workspace.load(id) : null),
  city: async (workspace, _, context) => (await context.loaders.city.load(workspace.cityId))!,
  availability: async (workspace, { date }, context) => {
    const [day] = await context.loaders.workspaceDays.load({ id: workspace.id, from: date, to: date });
    return availabilityOn(workspace, date, day);
  },
  availabilityRange: async (workspace, { from, to }, context) => {
    checkDayRange(from, to);
    const days = new Map(
      (await context.loaders.workspaceDays.load({ id: workspace.id, from, to })).map((day) => [day.date, day]),
    );
    return eachDay(from, to).map((date) => availabilityOn(workspace, date, days.get(date)));
  },
  bookings: async (workspace, { from, to }, context) => {
    checkDayRange(from, to);
    const bookings = await context.loaders.bookingsByWorkspace.load({ id: workspace.id, from, to });
    // A list without `first`, bounded as the root `bookings` is (MAX_UNPAGED_ROWS).
    if (bookings.length > MAX_UNPAGED_ROWS) throw tooManyRows("`Workspace.bookings`");
    return bookings;
  },
};
