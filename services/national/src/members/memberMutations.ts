import { QueryFailedError, type EntityManager } from "typeorm";
import {
  conflict,
  notFound,
  badUserInput,
  forbidden,
  UNIT_LANGUAGES,
  type CountryCode,
  type Language,
} from "@smart/platform";
import {
  CityEntity,
  MemberEntity,
  memberNameColumns,
  type Member,
  type MemberCategory,
  type MemberStatus,
} from "../entity/index.js";
import type { UnitData } from "../unitData.js";
import { checkOwnCountry, checkOwnId } from "../unitScope.js";
import { checkNotMoving } from "../memberRights/moving.js";
import {
  checkActiveIn,
  checkEmail,
  checkJoinedOn,
  checkPersonName,
  checkPhone,
  checkShares,
  notNull,
} from "./memberInput.js";

const UNIQUE_VIOLATION = "23505";

/** Whether a write failed on the one email rule (`member_email_unique`): an address is registered once per unit. */
function isEmailTaken(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === UNIQUE_VIOLATION && driverError.constraint === "member_email_unique";
}

async function checkCity(manager: EntityManager, unit: CountryCode, cityId: string): Promise<void> {
  checkOwnId(unit, cityId, "cityId");
  if (!(await manager.getRepository(CityEntity).existsBy({ id: cityId }))) {
    throw badUserInput(`cityId: no city ${JSON.stringify(cityId)} in the ${unit} unit; see cities(country: ${unit}).`, {
      argumentName: "cityId",
    });
  }
}

/** A new member as asked for (absent or null: the default). */
export interface MemberRegistration {
  country: string;
  firstName: string;
  lastName: string;
  email: string;
  phone?: string | null;
  category?: MemberCategory;
  status?: MemberStatus;
  shares?: number;
  cityId: string;
  activeIn?: readonly string[] | null;
  joinedOn?: string | null;
  preferredLanguage?: Language | null;
}

/** Why a registration was refused by the email rule: the caller words it (a staff member is told the address, a transfer nothing). */
export class EmailTaken extends Error {
  constructor(readonly email: string) {
    super("email taken");
  }
}

/**
 * Adds a member to this unit, inside the caller's transaction: every field checked,
 * then the city (which needs no one else's data), then the insert through
 * `MemberEntity` with the unit's next member number. A taken email is EmailTaken
 * (the unique index decides, so two registrations at once cannot both take it),
 * which aborts the caller's transaction. Both new members (`registerMember`)
 * and arriving ones (the transfer's `receiveMember`) are written here.
 */
export async function addMember(manager: EntityManager, unit: CountryCode, input: MemberRegistration): Promise<Member> {
  checkOwnCountry(unit, input.country);
  const firstName = checkPersonName("firstName", input.firstName);
  const lastName = checkPersonName("lastName", input.lastName);
  const values = {
    ...memberNameColumns(firstName, lastName),
    email: checkEmail(input.email),
    phone: checkPhone(input.phone),
    category: input.category ?? "A",
    status: input.status ?? "ACTIVE",
    shares: checkShares(input.shares ?? 1),
    cityId: input.cityId,
    activeIn: checkActiveIn(unit, input.activeIn ?? []),
    joinedOn: checkJoinedOn(input.joinedOn),
    preferredLanguage: input.preferredLanguage ?? UNIT_LANGUAGES[unit]?.[0] ?? "EN",
  };
  await checkCity(manager, unit, values.cityId);
  const [{ n }] = await manager.query<[{ n: string }]>(`SELECT nextval('member_number_seq') AS n`);
  const repository = manager.getRepository(MemberEntity);
  try {
    return await repository.save(repository.create({ id: `${unit}:m${n}`, ...values }));
  } catch (error) {
    if (isEmailTaken(error)) throw new EmailTaken(values.email);
    throw error;
  }
}

/** Registers a member in one transaction; a taken email is a CONFLICT and writes nothing. */
export async function registerMember(
  input: MemberRegistration,
  { unit, dataSource }: Pick<UnitData, "unit" | "dataSource">,
): Promise<Member> {
  try {
    return await dataSource.transaction((manager) => addMember(manager, unit, { ...input, status: "ACTIVE" }));
  } catch (error) {
    if (error instanceof EmailTaken) throw conflict(`email: ${error.email} is already registered in the ${unit} unit.`);
    throw error;
  }
}

/**
 * What a member may not change on their own record: the cooperative's side of it,
 * and the email, whose uniqueness check would tell a member whether any address
 * is registered (staff, who see every member, change it on request).
 */
const STAFF_ONLY_FIELDS = ["category", "status", "shares", "email"] as const;

/** The fields to change (absent: kept; null: cleared where a field may be empty, else refused). */
export interface MemberChanges {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  category?: MemberCategory | null;
  status?: MemberStatus | null;
  shares?: number | null;
  cityId?: string | null;
  activeIn?: readonly string[] | null;
  preferredLanguage?: Language | null;
}

/** Changes the fields given, under a row lock, in one transaction. */
export async function updateMember(
  id: string,
  input: MemberChanges,
  { unit, viewer, dataSource }: Pick<UnitData, "unit" | "viewer" | "dataSource">,
): Promise<Member> {
  checkOwnId(unit, id, "id");
  if (viewer.role === "member") {
    const staffOnly = STAFF_ONLY_FIELDS.filter((field) => input[field] !== undefined);
    if (staffOnly.length) throw forbidden(`Only staff of the ${unit} unit may change ${staffOnly.join(", ")}.`);
  }
  try {
    return await dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(MemberEntity);
      const member = await repository.findOne({ where: { id }, lock: { mode: "pessimistic_write" } });
      if (!member) throw notFound(`No member ${id} in the ${unit} unit.`);
      await checkNotMoving(manager, id);
      const firstName =
        input.firstName !== undefined
          ? checkPersonName("firstName", notNull("firstName", input.firstName))
          : member.firstName;
      const lastName =
        input.lastName !== undefined
          ? checkPersonName("lastName", notNull("lastName", input.lastName))
          : member.lastName;
      Object.assign(member, memberNameColumns(firstName, lastName));
      if (input.email !== undefined) member.email = checkEmail(notNull("email", input.email));
      if (input.phone !== undefined) member.phone = checkPhone(input.phone);
      if (input.category !== undefined) member.category = notNull("category", input.category);
      if (input.status !== undefined) member.status = notNull("status", input.status);
      if (input.shares !== undefined) member.shares = checkShares(notNull("shares", input.shares));
      if (input.activeIn !== undefined) member.activeIn = checkActiveIn(unit, notNull("activeIn", input.activeIn));
      if (input.preferredLanguage !== undefined)
        member.preferredLanguage = notNull("preferredLanguage", input.preferredLanguage);
      if (input.cityId !== undefined) {
        member.cityId = notNull("cityId", input.cityId);
        await checkCity(manager, unit, member.cityId);
      }
      return repository.save(member);
    });
  } catch (error) {
    if (isEmailTaken(error)) throw conflict(`email: ${input.email} is already registered in the ${unit} unit.`);
    throw error;
  }
}
