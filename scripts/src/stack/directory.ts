import type { CountryCode } from "@smart/platform";

/** What `admitExactly` changed in the directory. */
export interface AdmissionChanges {
  admitted: CountryCode[];
  retired: CountryCode[];
}

/** A transaction's `query`, as TypeORM's EntityManager has it. */
type Query = (sql: string, parameters?: unknown[]) => Promise<unknown>;

/**
 * Makes a central database seeded before admit exactly `units`, as the dev stack runs them:
 * the others it knows PROSPECTIVE or RETIRED are admitted, the admitted ones not listed are
 * retired (their rows stay), in one transaction. A code the directory does not know
 * cannot be admitted without its details: it fails naming it, changing nothing.
 */
export async function admitExactly(
  transaction: <T>(work: (query: Query) => Promise<T>) => Promise<T>,
  units: readonly CountryCode[],
): Promise<AdmissionChanges> {
  return transaction(async (query) => {
    const rows = (await query(`SELECT code, admission FROM country ORDER BY code FOR UPDATE`)) as {
      code: string;
      admission: string;
    }[];
    const unknown = units.filter((code) => !rows.some((row) => row.code === code));
    if (unknown.length > 0)
      throw new Error(
        `the central office's directory does not know ${unknown.join(", ")}: admit ${unknown.length > 1 ? "them" : "it"} with ${unknown.length > 1 ? "their" : "its"} details first (npm run unit -- admit ${unknown[0]} --unit-name … --country-name … --currency … --share-price …; docs/units.md)`,
      );
    const admitted = rows.filter((row) => units.includes(row.code) && row.admission !== "ADMITTED").map((r) => r.code);
    const retired = rows.filter((row) => !units.includes(row.code) && row.admission === "ADMITTED").map((r) => r.code);
    if (admitted.length > 0)
      await query(
        `UPDATE country SET admission = 'ADMITTED', admitted_at = now(), retired_at = NULL WHERE code = ANY($1)`,
        [admitted],
      );
    if (retired.length > 0)
      await query(`UPDATE country SET admission = 'RETIRED', retired_at = now() WHERE code = ANY($1)`, [retired]);
    return { admitted, retired };
  });
}
