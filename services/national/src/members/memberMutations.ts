import { QueryFailedError, type EntityManager } from "typeorm";
import { conflict, memberNameKey, foldForSort, notFound, badUserInput, forbidden, UNIT_LANGUAGES } from "@smart/platform";
import type { RegisterMemberInput, UpdateMemberInput } from "../__generated__/resolvers-types.js";
import { CityEntity, MemberEntity, type Member } from "../entity/index.js";
import type { NationalContext } from "../context.js";
import { checkOwnCountry, checkOwnId } from "../unitScope.js";
import { checkNotMoving } from "../memberRights/moving.js";
import {
  checkActiveIn, checkEmail, checkJoinedOn, checkPersonName, checkPhone, checkShares, notNull,
} from "./memberInput.js";

const UNIQUE_VIOLATION = "23505";

function isEmailTaken(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION;
}

async function checkCity(manager: EntityManager, context: NationalContext, cityId: string): Promise<void> {
  checkOwnId(context.unit, cityId, "cityId");
  if (!(await manager.getRepository(CityEntity).existsBy({ id: cityId }))) {
    throw badUserInput(`cityId: no city ${JSON.stringify(cityId)} in the ${context.unit} unit; see cities(country: ${context.unit}).`, { argumentName: "cityId" });
  }
}

const nameFields = (firstName: string, lastName: string) => ({
  firstName,
  lastName,
  nameKey: memberNameKey(lastName, firstName),
  searchName: foldForSort(`${firstName} ${lastName}`),
});

/** Registers a member in one transaction; a taken email is a CONFLICT and writes nothing. */
export async function registerMember(input: RegisterMemberInput, context: NationalContext): Promise<Member> {
  checkOwnCountry(context.unit, input.country);
  const firstName = checkPersonName("firstName", input.firstName);
  const lastName = checkPersonName("lastName", input.lastName);
  const values = {
    ...nameFields(firstName, lastName),
    email: checkEmail(input.email),
    phone: checkPhone(input.phone),
    category: input.category ?? "A",
    status: "ACTIVE" as const,
    shares: checkShares(input.shares ?? 1),
    cityId: input.cityId,
    activeIn: checkActiveIn(context.unit, input.activeIn ?? []),
    joinedOn: checkJoinedOn(input.joinedOn),
    preferredLanguage: input.preferredLanguage ?? UNIT_LANGUAGES[context.unit][0]!,
  };
  try {
    return await context.dataSource.transaction(async (manager) => {
      await checkCity(manager, context, values.cityId);
      const [{ n }] = await manager.query<[{ n: string }]>(`SELECT nextval('member_number_seq') AS n`);
      const member = manager.getRepository(MemberEntity).create({ id: `${context.unit}:m${n}`, ...values });
      return manager.getRepository(MemberEntity).save(member);
    });
  } catch (error) {
    if (isEmailTaken(error)) throw conflict(`email: ${values.email} is already registered in the ${context.unit} unit.`);
    throw error;
  }
}

/**
 * What a member may not change on their own record: the cooperative's side of it,
 * and the email, whose uniqueness check would tell a member whether any address
 * is registered (staff, who see every member, change it on request).
 */
const STAFF_ONLY_FIELDS = ["category", "status", "shares", "email"] as const;

/** Changes the fields given, under a row lock, in one transaction. */
export async function updateMember(id: string, input: UpdateMemberInput, context: NationalContext): Promise<Member> {
  checkOwnId(context.unit, id, "id");
  if (context.viewer.role === "member") {
    const staffOnly = STAFF_ONLY_FIELDS.filter((field) => input[field] !== undefined);
    if (staffOnly.length) throw forbidden(`Only staff of the ${context.unit} unit may change ${staffOnly.join(", ")}.`);
  }
  try {
    return await context.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(MemberEntity);
      const member = await repository.findOne({ where: { id }, lock: { mode: "pessimistic_write" } });
      if (!member) throw notFound(`No member ${id} in the ${context.unit} unit.`);
      await checkNotMoving(manager, id);
      const firstName = input.firstName !== undefined ? checkPersonName("firstName", notNull("firstName", input.firstName)) : member.firstName;
      const lastName = input.lastName !== undefined ? checkPersonName("lastName", notNull("lastName", input.lastName)) : member.lastName;
      Object.assign(member, nameFields(firstName, lastName));
      if (input.email !== undefined) member.email = checkEmail(notNull("email", input.email));
      if (input.phone !== undefined) member.phone = checkPhone(input.phone);
      if (input.category !== undefined) member.category = notNull("category", input.category);
      if (input.status !== undefined) member.status = notNull("status", input.status);
      if (input.shares !== undefined) member.shares = checkShares(notNull("shares", input.shares));
      if (input.activeIn !== undefined) member.activeIn = checkActiveIn(context.unit, notNull("activeIn", input.activeIn));
      if (input.preferredLanguage !== undefined) member.preferredLanguage = notNull("preferredLanguage", input.preferredLanguage);
      if (input.cityId !== undefined) {
        member.cityId = notNull("cityId", input.cityId);
        await checkCity(manager, context, member.cityId);
      }
      return repository.save(member);
    });
  } catch (error) {
    if (isEmailTaken(error)) throw conflict(`email: ${input.email} is already registered in the ${context.unit} unit.`);
    throw error;
  }
}
