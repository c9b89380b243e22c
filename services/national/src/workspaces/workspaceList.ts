import { badUserInput } from "@smart/platform";
import { WorkspaceEntity, type Workspace, type WorkspaceOperator, type WorkspaceStatus } from "../entity/index.js";
import { toConnection, type ConnectionParent } from "../pagination/connection.js";
import { checkPageSize } from "../pagination/pageSize.js";
import type { UnitData } from "../unitData.js";
import { checkOwnId } from "../unitScope.js";

/** Which of the unit's workspaces a list shows (absent or null: any). */
export interface WorkspaceFilter {
  cityId?: string | null;
  status?: WorkspaceStatus | null;
  operator?: WorkspaceOperator | null;
}

export interface WorkspaceListArgs {
  filter?: WorkspaceFilter | null;
  first?: number | null;
  after?: string | null;
}

/** A keyset page of the unit's workspaces by name (index workspace_name_order). */
export async function listWorkspaces(
  args: WorkspaceListArgs,
  { unit, dataSource, cursors, loaders }: Pick<UnitData, "unit" | "dataSource" | "cursors" | "loaders">,
): Promise<ConnectionParent<Workspace>> {
  const first = checkPageSize(args.first);
  const query = dataSource.getRepository(WorkspaceEntity).createQueryBuilder("w");
  const filter = args.filter;
  if (filter?.cityId != null) {
    checkOwnId(unit, filter.cityId, "filter.cityId");
    if (!(await loaders.city.load(filter.cityId))) {
      throw badUserInput(`filter.cityId: no city ${JSON.stringify(filter.cityId)} in the ${unit} unit.`, {
        argumentName: "filter.cityId",
      });
    }
    query.andWhere("w.city_id = :cityId", { cityId: filter.cityId });
  }
  if (filter?.status) query.andWhere("w.status = :status", { status: filter.status });
  if (filter?.operator) query.andWhere("w.operator = :operator", { operator: filter.operator });
  if (args.after != null) {
    const [k0, k1] = cursors.decode(unit, args.after, "WORKSPACE_NAME").key;
    query.andWhere("(w.name_key, w.id) > (:k0, :k1)", { k0, k1 });
  }
  const rows = await query
    .addOrderBy("w.name_key", "ASC")
    .addOrderBy("w.id", "ASC")
    .limit(first + 1)
    .getMany();
  return toConnection(rows, first, "WORKSPACE_NAME", (w) => [w.nameKey, w.id], { unit, cursors });
}
