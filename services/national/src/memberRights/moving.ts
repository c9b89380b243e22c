import type { EntityManager } from "typeorm";
import { conflict } from "@smart/platform";

/** Refused while a transfer is open or once the member moved: what they leave with must not change under them. */
export async function checkNotMoving(manager: Pick<EntityManager, "query">, id: string): Promise<void> {
  const [row] = await manager.query<{ moved_to: string | null; target: string | null }[]>(
    `SELECT m.moved_to, t.target FROM member m LEFT JOIN member_transfer t ON t.member_id = m.id AND t.step = 'REQUESTED' WHERE m.id = $1`,
    [id],
  );
  if (row?.moved_to) throw conflict(`${id} moved to another unit: they are ${row.moved_to} now.`);
  if (row?.target) throw conflict(`${id} is moving to the ${row.target} unit; try again once the transfer is done.`);
}
