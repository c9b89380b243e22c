import type { SelectQueryBuilder } from "typeorm";
import { badUserInput, foldForSort } from "@smart/platform";
import type { MemberFilter } from "../__generated__/resolvers-types.js";
import type { Member } from "../entity/index.js";
import type { NationalContext } from "../context.js";
import { checkOwnId } from "../unitScope.js";

const MAX_NAME_QUERY = 100;

/** Checks a filter (own city that exists, sane text and dates); throws BAD_USER_INPUT otherwise. */
export async function checkMemberFilter(filter: MemberFilter | null | undefined, context: NationalContext): Promise<void> {
  if (!filter) return;
  if (filter.cityId != null) {
    checkOwnId(context.unit, filter.cityId, "filter.cityId");
    if (!(await context.loaders.city.load(filter.cityId))) {
      throw badUserInput(`filter.cityId: no city ${JSON.stringify(filter.cityId)} in the ${context.unit} unit.`, { argumentName: "filter.cityId" });
    }
  }
  if (filter.nameContains != null && filter.nameContains.length > MAX_NAME_QUERY) {
    throw badUserInput(`filter.nameContains is limited to ${MAX_NAME_QUERY} characters.`, { argumentName: "filter.nameContains" });
  }
  if (filter.joinedFrom && filter.joinedTo && filter.joinedFrom > filter.joinedTo) {
    throw badUserInput(`filter.joinedFrom (${filter.joinedFrom}) is after filter.joinedTo (${filter.joinedTo}).`, { argumentName: "filter.joinedFrom" });
  }
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** Adds the filter's conditions to a query over `member` aliased `m`. */
export function applyMemberFilter(query: SelectQueryBuilder<Member>, filter: MemberFilter | null | undefined): SelectQueryBuilder<Member> {
  if (!filter) return query;
  if (filter.status) query.andWhere("m.status = :status", { status: filter.status });
  if (filter.category) query.andWhere("m.category = :category", { category: filter.category });
  if (filter.cityId) query.andWhere("m.city_id = :cityId", { cityId: filter.cityId });
  if (filter.joinedFrom) query.andWhere("m.joined_on >= :joinedFrom", { joinedFrom: filter.joinedFrom });
  if (filter.joinedTo) query.andWhere("m.joined_on <= :joinedTo", { joinedTo: filter.joinedTo });
  if (filter.activeAbroad != null) query.andWhere(`cardinality(m.active_in) ${filter.activeAbroad ? ">" : "="} 0`);
  const name = filter.nameContains != null ? foldForSort(filter.nameContains) : "";
  if (name) query.andWhere("m.search_name LIKE :name", { name: `%${escapeLike(name)}%` });
  return query;
}
