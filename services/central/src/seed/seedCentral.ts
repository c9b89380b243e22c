import type { DataSource, EntityManager } from "typeorm";
import {
  AssemblyEntity,
  CountryEntity,
  RecommendationEntity,
  ResolutionEntity,
  SipCycleEntity,
  WorkingGroupEntity,
  WorkingGroupParticipantEntity,
  type Recommendation,
  type Resolution,
  type SipCycle,
  type WorkingGroup,
  type WorkingGroupParticipant,
} from "../entity/index.js";
import { ASSEMBLIES } from "./assemblies.js";
import { COUNTRIES } from "./countries.js";
import { SIP_CYCLES } from "./sipCycles.js";

/** Any constant shared by concurrent seeders: the second waits, then sees the data. */
const SEED_LOCK = 7_464_010;

/**
 * Seeds the directory, the assemblies and Smart In Progress in one transaction.
 * Idempotent: does nothing when countries exist. Returns whether it wrote anything.
 */
export async function seedCentral(dataSource: DataSource): Promise<boolean> {
  return dataSource.transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock($1)`, [SEED_LOCK]);
    if (await manager.getRepository(CountryEntity).exists()) return false;
    await manager.getRepository(CountryEntity).insert([...COUNTRIES]);
    await insertAssemblies(manager);
    await insertSipCycles(manager);
    return true;
  });
}

async function insertAssemblies(manager: EntityManager): Promise<void> {
  await manager.getRepository(AssemblyEntity).insert(ASSEMBLIES.map(({ resolutions: _, ...assembly }) => assembly));
  const resolutions: Resolution[] = ASSEMBLIES.flatMap((assembly) =>
    assembly.resolutions.map((resolution, index) => ({
      ...resolution,
      id: `${assembly.id}-r${index + 1}`,
      assemblyId: assembly.id,
      position: index + 1,
    })),
  );
  await manager.getRepository(ResolutionEntity).insert(resolutions);
}

async function insertSipCycles(manager: EntityManager): Promise<void> {
  const cycles: SipCycle[] = [];
  const groups: WorkingGroup[] = [];
  const participants: WorkingGroupParticipant[] = [];
  const recommendations: Recommendation[] = [];

  for (const seed of SIP_CYCLES) {
    const cycleId = `EU:sip-${seed.year}`;
    cycles.push({ id: cycleId, year: seed.year, theme: seed.theme, themeVotedAtId: seed.themeVotedAtId });
    let numbered = 0;
    const recommend = (title: string, status: Recommendation["status"], workingGroupId: string | null) =>
      recommendations.push({ id: `${cycleId}-rec${++numbered}`, cycleId, workingGroupId, title, status });

    seed.workingGroups.forEach((group, index) => {
      const id = `${cycleId}-wg${index + 1}`;
      groups.push({ id, cycleId, cityId: group.cityId, topic: group.topic });
      participants.push(...group.participants.map((memberId) => ({ workingGroupId: id, memberId })));
      for (const recommendation of group.recommendations) recommend(recommendation.title, recommendation.status, id);
    });
    for (const recommendation of seed.plenary) recommend(recommendation.title, recommendation.status, null);
  }

  await manager.getRepository(SipCycleEntity).insert(cycles);
  await manager.getRepository(WorkingGroupEntity).insert(groups);
  await manager.getRepository(WorkingGroupParticipantEntity).insert(participants);
  await manager.getRepository(RecommendationEntity).insert(recommendations);
}
