import { EntitySchema } from "typeorm";

export type WorkspaceOperator = "UNIT" | "PARTNER";
export type WorkspaceStatus = "OPEN" | "CLOSED";

/** A shared workspace of this unit (GraphQL `Workspace`). */
export interface Workspace {
  id: string;
  name: string;
  nameKey: string;
  cityId: string;
  address: string;
  operator: WorkspaceOperator;
  partnerName: string | null;
  capacity: number;
  rooms: number;
  status: WorkspaceStatus;
  openedOn: string | null;
}

export const WorkspaceEntity = new EntitySchema<Workspace>({
  name: "Workspace",
  tableName: "workspace",
  columns: {
    id: { type: "text", primary: true },
    name: { type: "text" },
    nameKey: { type: "text", name: "name_key" },
    cityId: { type: "text", name: "city_id" },
    address: { type: "text" },
    operator: { type: "text" },
    partnerName: { type: "text", name: "partner_name", nullable: true },
    capacity: { type: "integer" },
    rooms: { type: "integer" },
    status: { type: "text" },
    openedOn: { type: "date", name: "opened_on", nullable: true },
  },
});
