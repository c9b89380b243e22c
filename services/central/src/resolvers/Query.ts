import { AssemblyEntity, CountryEntity, SipCycleEntity } from "../entity/index.js";
import type { QueryResolvers } from "../__generated__/resolvers-types.js";
import { requireCentralId } from "../ids.js";
import { sipParticipations, sipSupports } from "../memberRights/sipParticipations.js";
import { currentSipCycle } from "../sip/cycles.js";

interface SipParticipationRow {
  since: number | null;
  cycles: number;
  participants: number;
  cities: number;
  units: number;
  recommendationsDone: number;
  recommendationsOpen: number;
}

export const Query: QueryResolvers = {
  countries: async (_parent, _args, { dataSource, loaders }) => {
    const countries = await dataSource
      .getRepository(CountryEntity)
      .find({ where: { admission: "ADMITTED" }, order: { code: "ASC" } });
    for (const country of countries) loaders.country.prime(country.code, country);
    return countries;
  },

  // The scalar has checked the code's shape; any directory entry answers, retired or not yet admitted.
  country: (_parent, { code }, { loaders }) => loaders.country.load(code),

  assemblies: async (_parent, _args, { dataSource, loaders }) => {
    const assemblies = await dataSource.getRepository(AssemblyEntity).find({ order: { heldOn: "DESC", id: "ASC" } });
    for (const assembly of assemblies) loaders.assembly.prime(assembly.id, assembly);
    return assemblies;
  },

  assembly: (_parent, { id }, { loaders }) => loaders.assembly.load(requireCentralId(id)),

  sipCycles: async (_parent, _args, { dataSource, loaders }) => {
    const cycles = await dataSource.getRepository(SipCycleEntity).find({ order: { year: "DESC" } });
    for (const cycle of cycles) loaders.sipCycle.prime(cycle.id, cycle);
    return cycles;
  },

  sipCycle: (_parent, { id }, { loaders }) => loaders.sipCycle.load(requireCentralId(id)),

  currentSipCycle: (_parent, _args, context) => currentSipCycle(context),
  workingGroup: (_parent, { id }, { loaders }) => loaders.workingGroup.load(requireCentralId(id)),
  recommendation: (_parent, { id }, { loaders }) => loaders.recommendation.load(requireCentralId(id)),

  sipParticipations: (_parent, { memberId }, context) => sipParticipations(memberId, context),
  sipSupports: (_parent, { memberId }, context) => sipSupports(memberId, context),
  sipParticipation: async (_parent, _args, { dataSource }) => {
    const [row] = await dataSource.query<SipParticipationRow[]>(`
      SELECT (SELECT min(year) FROM sip_cycle) AS since,
             (SELECT count(*) FROM sip_cycle)::int AS cycles,
             (SELECT count(DISTINCT member_id) FROM working_group_participant)::int AS participants,
             (SELECT count(DISTINCT city_id) FROM working_group)::int AS cities,
             (SELECT count(DISTINCT split_part(city_id, ':', 1)) FROM working_group)::int AS units,
             (SELECT count(*) FROM recommendation WHERE status = 'DONE')::int AS "recommendationsDone",
             (SELECT count(*) FROM recommendation WHERE status IN ('PROPOSED', 'IN_PROGRESS', 'NOT_DONE', 'POSTPONED'))::int AS "recommendationsOpen"`);
    return row!;
  },
};
