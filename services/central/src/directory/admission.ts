import { badUserInput, conflict, notFound, type CountryCode } from "@smart/platform";
import type { EntityManager } from "typeorm";
import type { AdmitUnitInput } from "../__generated__/resolvers-types.js";
import type { CentralContext } from "../context.js";
import { CountryEntity, type Country } from "../entity/index.js";
import { checkCentralOffice } from "../vote/access.js";
import { boundedText, violatedUnique } from "../sip/writes.js";

/** The details a unit the directory does not know must come with. */
const REQUIRED_FOR_A_NEW_UNIT = ["unitName", "countryName", "currency", "sharePrice"] as const;
/** What the directory says of a new unit whose legal form is not given. */
const DEFAULT_LEGAL_FORM = "Cooperative";
/** numeric(12, 2) holds less than 10^10. */
const MAX_SHARE_PRICE = 9_999_999_999.99;

/** The details `input` gives, checked; a field not given is absent. */
type GivenDetails = Partial<
  Pick<Country, "unitName" | "name" | "sharePriceCurrency" | "sharePriceAmount" | "legalForm" | "founded" | "website">
>;

/**
 * Admits a unit to the graph (the central office): a unit the directory knows
 * (PROSPECTIVE or RETIRED) with its known details, given fields overriding them;
 * an unknown one with the details it needs. CONFLICT when ADMITTED already.
 */
export async function admitUnit(
  input: AdmitUnitInput,
  { viewer, dataSource, loaders }: CentralContext,
): Promise<Country> {
  checkCentralOffice(viewer, "admit a unit");
  const given = checkDetails(input);
  const country = await dataSource.transaction(async (manager) => {
    const known = await lockCountry(manager, input.code);
    if (known?.admission === "ADMITTED") throw conflict(`${input.code} is admitted already.`);
    try {
      if (known) return await readmit(manager, known, given);
      return await admitNew(manager, input.code, given);
    } catch (error) {
      const constraint = violatedUnique(error);
      if (constraint === "country_pkey") throw conflict(`${input.code} is admitted already.`);
      if (constraint !== null)
        throw conflict(`input.unitName: another unit is called ${JSON.stringify(given.unitName ?? known?.unitName)}.`);
      throw error;
    }
  });
  loaders.country.clear(country.code).prime(country.code, country);
  return country;
}

/** Retires an ADMITTED unit (the central office): its row stays, RETIRED. */
export async function retireUnit(code: CountryCode, { viewer, dataSource, loaders }: CentralContext): Promise<Country> {
  checkCentralOffice(viewer, "retire a unit");
  const country = await dataSource.transaction(async (manager) => {
    const known = await lockCountry(manager, code);
    if (!known) throw notFound(`The directory knows no unit ${code}.`);
    if (known.admission !== "ADMITTED")
      throw conflict(`${code} is not admitted: the directory has it ${known.admission}.`);
    await manager.getRepository(CountryEntity).update(code, { admission: "RETIRED", retiredAt: () => "now()" });
    return (await lockCountry(manager, code))!;
  });
  loaders.country.clear(country.code).prime(country.code, country);
  return country;
}

/** The directory's entry, locked until the transaction ends (ballots naming the unit wait, see lockAdmittedUnit). */
async function lockCountry(manager: EntityManager, code: CountryCode): Promise<Country | null> {
  return manager.getRepository(CountryEntity).findOne({ where: { code }, lock: { mode: "pessimistic_write" } });
}

async function readmit(manager: EntityManager, known: Country, given: GivenDetails): Promise<Country> {
  // A text that changes leaves its translations behind: they translated the old one.
  const changed = (["name", "unitName"] as const).filter(
    (field) => given[field] !== undefined && given[field] !== known[field],
  );
  if (changed.length)
    await manager.query(`DELETE FROM translation WHERE subject_id = $1 AND field = ANY($2)`, [known.code, changed]);
  await manager
    .getRepository(CountryEntity)
    .update(known.code, { ...given, admission: "ADMITTED", admittedAt: () => "now()", retiredAt: null });
  return (await lockCountry(manager, known.code))!;
}

async function admitNew(manager: EntityManager, code: CountryCode, given: GivenDetails): Promise<Country> {
  const fieldOf = {
    unitName: "unitName",
    countryName: "name",
    currency: "sharePriceCurrency",
    sharePrice: "sharePriceAmount",
  } as const;
  const missing = REQUIRED_FOR_A_NEW_UNIT.filter((field) => given[fieldOf[field]] === undefined);
  if (missing.length)
    throw badUserInput(
      `input.${missing[0]}: the directory does not know ${code}, so its ${missing.join(", ")} must be given.`,
      { argumentName: `input.${missing[0]}`, missing: missing.map((field) => `input.${field}`) },
    );
  await manager.getRepository(CountryEntity).insert({
    code,
    name: given.name!,
    unitName: given.unitName!,
    legalForm: given.legalForm ?? DEFAULT_LEGAL_FORM,
    founded: given.founded ?? new Date().getUTCFullYear(),
    sharePriceAmount: given.sharePriceAmount!,
    sharePriceCurrency: given.sharePriceCurrency!,
    sharePricePeriod: "ONCE",
    website: given.website ?? null,
    status: "STARTING",
    admission: "ADMITTED",
    admittedAt: () => "now()",
    retiredAt: null,
  });
  return (await lockCountry(manager, code))!;
}

/** The fields `input` gives, each checked as the directory's constraints would (BAD_USER_INPUT naming it). */
function checkDetails(input: AdmitUnitInput): GivenDetails {
  const given: GivenDetails = {};
  const text = (value: string | null | undefined, max: number, field: string) => {
    if (value == null) return undefined;
    const checked = boundedText(value, max);
    if (checked === null || /[\r\n]/.test(checked))
      throw badUserInput(`input.${field}: 1 to ${max} characters, on one line.`, { argumentName: `input.${field}` });
    return checked;
  };
  const set = <K extends keyof GivenDetails>(key: K, value: GivenDetails[K] | undefined) => {
    if (value !== undefined) given[key] = value;
  };
  set("unitName", text(input.unitName, 100, "unitName"));
  set("name", text(input.countryName, 100, "countryName"));
  set("legalForm", text(input.legalForm, 200, "legalForm"));
  if (input.currency != null) {
    if (!/^[A-Z]{3}$/.test(input.currency))
      throw badUserInput(`input.currency: an ISO 4217 code, three capital letters (EUR).`, {
        argumentName: "input.currency",
      });
    given.sharePriceCurrency = input.currency;
  }
  if (input.sharePrice != null) {
    const amount = Math.round(input.sharePrice * 100) / 100;
    if (!(amount > 0 && amount <= MAX_SHARE_PRICE))
      throw badUserInput(`input.sharePrice: more than 0 (and less than 10^10), in cents at most.`, {
        argumentName: "input.sharePrice",
      });
    given.sharePriceAmount = amount;
  }
  if (input.founded != null) {
    if (input.founded < 1900 || input.founded > 2100)
      throw badUserInput(`input.founded: a year from 1900 to 2100.`, { argumentName: "input.founded" });
    given.founded = input.founded;
  }
  if (input.website != null) {
    if (!/^https:\/\/\S{1,500}$/.test(input.website))
      throw badUserInput(`input.website: an https:// address.`, { argumentName: "input.website" });
    given.website = input.website;
  }
  return given;
}

/**
 * The unit a ballot is counted for, share-locked until the transaction ends: it
 * is ADMITTED, and retiring it waits for the ballot. BAD_USER_INPUT otherwise.
 */
export async function lockAdmittedUnit(manager: EntityManager, code: CountryCode, argumentName: string): Promise<void> {
  const [unit] = await manager.query<{ admission: Country["admission"] }[]>(
    `SELECT admission FROM country WHERE code = $1 FOR SHARE`,
    [code],
  );
  if (unit?.admission !== "ADMITTED")
    throw badUserInput(`${argumentName}: ${code} is no unit of the graph${unit ? ` (${unit.admission})` : ""}.`, {
      argumentName,
    });
}
