import type { DataSource, EntityManager } from "typeorm";
import { COUNTRY_NAMES, FOUNDING_UNITS, LANGUAGES, type CountryCode, type Language } from "@smart/platform";
import {
  AssemblyEntity,
  BudgetPriorityEntity,
  CountryEntity,
  RecommendationEntity,
  ResolutionEntity,
  SipCycleEntity,
  WorkingGroupEntity,
  WorkingGroupParticipantEntity,
  TranslationEntity,
  type Recommendation,
  type Resolution,
  type SipCycle,
  type WorkingGroup,
  type Translation,
  type WorkingGroupParticipant,
} from "../entity/index.js";
import { ASSEMBLIES, BUDGET_PRIORITIES_ASSEMBLY } from "./assemblies.js";
import { BUDGET_PRIORITIES } from "./budgetPriorities.js";
import { COUNTRIES } from "./countries.js";
import { sipCycles } from "./sipCycles.js";

/** Any constant shared by concurrent seeders: the second waits, then sees the data. */
const SEED_LOCK = 7_464_010;

export interface SeedCentralOptions {
  /** The units the directory admits (default the nine founding units); the others it knows are PROSPECTIVE. */
  admit?: readonly CountryCode[];
}

/**
 * Seeds the directory, the assemblies with their budget priorities and Smart In
 * Progress, with their translations, in one transaction.
 * Idempotent: does nothing when countries exist (whatever `admit` says then:
 * admitting is `admitUnit`'s). Returns whether it wrote anything.
 */
export async function seedCentral(
  dataSource: DataSource,
  { admit = FOUNDING_UNITS }: SeedCentralOptions = {},
): Promise<boolean> {
  const unknown = admit.filter((code) => !COUNTRIES.some((country) => country.code === code));
  if (unknown.length)
    throw new Error(
      `The seed knows no unit ${unknown.join(", ")}: it knows ${COUNTRIES.map((c) => c.code).join(", ")}.`,
    );
  return dataSource.transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock($1)`, [SEED_LOCK]);
    if (await manager.getRepository(CountryEntity).exists()) return false;
    await manager.getRepository(CountryEntity).insert(
      COUNTRIES.map((country) => ({
        ...country,
        admission: admit.includes(country.code) ? ("ADMITTED" as const) : ("PROSPECTIVE" as const),
        admittedAt: null,
        retiredAt: null,
      })),
    );
    const translations = countryTranslations();
    await insertAssemblies(manager);
    translations.push(...(await insertBudgetPriorities(manager)));
    translations.push(...(await insertSipCycles(manager)));
    // In chunks: one INSERT takes at most 65,535 parameters.
    for (let start = 0; start < translations.length; start += 5000) {
      await manager.getRepository(TranslationEntity).insert(translations.slice(start, start + 5000));
    }
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

/** Every language but the one the row itself holds (`except`), as translation rows. */
function translationRows(
  subjectId: string,
  field: string,
  texts: Partial<Record<Language, string>>,
  except?: Language,
): Translation[] {
  return LANGUAGES.filter((lang) => lang !== except && texts[lang] !== undefined).map((lang) => ({
    subjectId,
    field,
    lang,
    text: texts[lang]!,
  }));
}

/**
 * Country names in every language (the row holds English). A unit name that names
 * its country in English (`Smart Austria`) names it in each language; a proper
 * name (`SmartCoop`, `Smartfr`) is the same in all of them and needs none.
 */
function countryTranslations(): Translation[] {
  return COUNTRIES.flatMap((country) => {
    const names = COUNTRY_NAMES[country.code];
    if (!names) return [];
    const rows = translationRows(country.code, "name", names, "EN");
    if (country.unitName === `Smart ${names.EN}`) {
      const unitNames = Object.fromEntries(LANGUAGES.map((lang) => [lang, `Smart ${names[lang]}`]));
      rows.push(...translationRows(country.code, "unitName", unitNames, "EN"));
    }
    return rows;
  });
}

async function insertBudgetPriorities(manager: EntityManager): Promise<Translation[]> {
  const translations: Translation[] = [];
  const priorities = BUDGET_PRIORITIES.map((priority, index) => {
    const id = `${BUDGET_PRIORITIES_ASSEMBLY}-bp${index + 1}`;
    const texts = Object.entries(priority.texts) as [Language, { title: string; description: string }][];
    translations.push(
      ...translationRows(id, "title", Object.fromEntries(texts.map(([lang, text]) => [lang, text.title]))),
    );
    translations.push(
      ...translationRows(id, "description", Object.fromEntries(texts.map(([lang, text]) => [lang, text.description]))),
    );
    return {
      id,
      assemblyId: BUDGET_PRIORITIES_ASSEMBLY,
      rank: index + 1,
      area: priority.area,
      originalLanguage: "NL" as const,
    };
  });
  await manager.getRepository(BudgetPriorityEntity).insert(priorities);
  return translations;
}

async function insertSipCycles(manager: EntityManager): Promise<Translation[]> {
  const cycles: SipCycle[] = [];
  const groups: WorkingGroup[] = [];
  const participants: WorkingGroupParticipant[] = [];
  const recommendations: Recommendation[] = [];
  const translations: Translation[] = [];

  for (const seed of sipCycles()) {
    const cycleId = `EU:sip-${seed.year}`;
    cycles.push({
      id: cycleId,
      year: seed.year,
      theme: seed.theme.EN,
      themeVotedAtId: seed.themeVotedAtId,
      status: "CLOSED",
    });
    translations.push(...translationRows(cycleId, "theme", seed.theme, "EN"));
    let numbered = 0;
    const recommend = (
      title: Partial<Record<Language, string>> & { EN: string },
      status: Recommendation["status"],
      workingGroupId: string | null,
    ) => {
      const id = `${cycleId}-rec${++numbered}`;
      recommendations.push({ id, cycleId, workingGroupId, title: title.EN, status });
      translations.push(...translationRows(id, "title", title, "EN"));
    };

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
  for (let start = 0; start < participants.length; start += 10_000) {
    await manager.getRepository(WorkingGroupParticipantEntity).insert(participants.slice(start, start + 10_000));
  }
  await manager.getRepository(RecommendationEntity).insert(recommendations);
  return translations;
}
