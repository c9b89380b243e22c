export interface Cell {
  value: string | number | null | undefined;
  /** `data-*` attributes: what the cell counts (for readers and tests). */
  attributes?: Record<string, string>;
  title?: string | undefined;
}

export const percent = (rate: number) => `${Math.round(rate * 100)} %`;

/** A table of the figures a chart draws: a chart alone is neither accessible nor checkable. */
export function numbersTable(
  testId: string,
  headers: readonly string[],
  rows: readonly (readonly (string | Cell)[])[],
): HTMLTableElement {
  const table = document.createElement("table");
  table.dataset.testid = testId;
  const head = table.createTHead().insertRow();
  for (const header of headers) {
    const th = document.createElement("th");
    th.textContent = header;
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const cell of row) {
      const td = tr.insertCell();
      if (typeof cell === "string") {
        td.textContent = cell;
        continue;
      }
      td.textContent =
        cell.value === null || cell.value === undefined
          ? "–"
          : typeof cell.value === "number"
            ? cell.value.toLocaleString("en")
            : cell.value;
      if (typeof cell.value === "number") td.dataset.value = String(cell.value);
      for (const [name, value] of Object.entries(cell.attributes ?? {})) td.dataset[name] = value;
      if (cell.title) td.title = cell.title;
    }
  }
  return table;
}
