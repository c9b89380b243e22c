import { EntitySchema } from "typeorm";

/** A national member taking part in a working group; the member lives in its unit's database. */
export interface WorkingGroupParticipant {
  workingGroupId: string;
  /** `BE:m17` */
  memberId: string;
}

export const WorkingGroupParticipantEntity = new EntitySchema<WorkingGroupParticipant>({
  name: "WorkingGroupParticipant",
  tableName: "working_group_participant",
  columns: {
    workingGroupId: { type: "text", primary: true, name: "working_group_id" },
    memberId: { type: "text", primary: true, name: "member_id" },
  },
});
