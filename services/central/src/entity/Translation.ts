import { EntitySchema } from "typeorm";
import type { Language } from "@smart/platform";

/** One text of the central office in one language. */
export interface Translation {
  /** A country code (`BE`) or a central ID (`EU:sip-2024`). */
  subjectId: string;
  /** The GraphQL field it is the text of: `name`, `theme`, `title`… */
  field: string;
  lang: Language;
  text: string;
}

export const TranslationEntity = new EntitySchema<Translation>({
  name: "Translation",
  tableName: "translation",
  columns: {
    subjectId: { type: "text", primary: true, name: "subject_id" },
    field: { type: "text", primary: true },
    lang: { type: "text", primary: true },
    text: { type: "text" },
  },
});
