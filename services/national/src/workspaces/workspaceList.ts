import { badUserInput } from "@smart/platform";
import type { WorkspaceFilter } from "../__generated__/resolvers-types.js";
import { WorkspaceEntity, type Workspace } from "../entity/index.js";
import type { NationalContext } from "../context.js";
import { toConnection, type ConnectionParent } from "../pagination/connection.js";
import { checkPageSize } from "../pagination/pageSize.js";
import { checkOwnId } from "../unitScope.js";

export interface WorkspaceListArgs {
  filter?: WorkspaceFilter | null;
  first?: number | null;
  after?: string | null;
}

/** A keyset page of the unit's workspaces by name (index workspace_name_order). */
export async function listWorkspaces(args: WorkspaceListArgs, context: NationalContext): Promise<ConnectionParent<Workspace>> {
  const first = checkPageSize(args.first);
  const query = context.dataSource.getRepository(WorkspaceEntity).createQueryBuilder("w");
  const filter = args.filter;
  if (filter?.cityId != null) {
    checkOwnId(context.unit, filter.cityId, "filter.cityId");
    if (!(await context.loaders.city.load(filter.cityId))) {
      throw badUserInput(`filter.cityId: no city ${JSON.stringify(filter.cityId)} in the ${context.unit} unit.`, { argumentName: "filter.cityId" });
    }
    query.andWhere("w.city_id = :cityId", { cityId: filter.cityId });
  }
  if (filter?.status) query.andWhere("w.status = :status", { status: filter.status });
  if (filter?.operator) query.andWhere("w.operator = :operator", { operator: filter.operator });
  if (args.after != null) {
    const [k0, k1] = context.cursors.decode(context.unit, args.after, "WORKSPACE_NAME").key;
    query.andWhere("(w.name_key, w.id) > (:k0, :k1)", { k0, k1 });
  }
  const rows = await query.addOrderBy("w.name_key", "ASC").addOrderBy("w.id", "ASC").limit(first + 1).getMany();
  return toConnection(rows, first, "WORKSPACE_NAME", (w) => [w.nameKey, w.id], context);
}
