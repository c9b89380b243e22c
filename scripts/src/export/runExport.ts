import fs from "node:fs/promises";
import cliProgress from "cli-progress";
import { readExportState, removeExportState, writeExportState, type ExportState } from "./exportState.js";
import { ExportFailed, GatewayClient } from "./gatewayClient.js";
import type { ExportOptions } from "./options.js";
import { formatHeader, formatRows } from "./rowFormat.js";
import { exportSource } from "./sources.js";

export interface ExportResult {
  rows: number;
  /** False when stopped by a signal before the last page (the state is kept for --resume). */
  complete: boolean;
}

const UNITS = { members: "members", bookings: "days", memberStats: "request" } as const;

/**
 * Streams every page through the gateway into `out` (or standard output). After
 * each whole page the state file records the next cursor and the file's length,
 * so that `--resume` cuts any half-written page and goes on from there: every row
 * exactly once. `shouldStop` is asked between pages (Ctrl-C).
 */
export async function runExport(
  options: ExportOptions,
  shouldStop: () => boolean = () => false,
  progressStream: NodeJS.WriteStream = process.stderr,
): Promise<ExportResult> {
  const client = new GatewayClient(options.url, options.token);
  let state: ExportState;
  let write: (text: string) => Promise<void>;
  let close = async () => {};
  const out = options.out;

  if (out && options.resume) {
    const saved = await readExportState(out);
    if (!saved)
      throw new ExportFailed(`Nothing to resume: ${out} has no unfinished export (no ${out}.export-state.json).`);
    if (saved.query.kind !== options.kind)
      throw new ExportFailed(`${out} holds an unfinished export of ${saved.query.kind}, not ${options.kind}.`);
    state = saved;
    await fs.truncate(out, state.bytes);
  } else {
    // The query alone: never the token.
    const { kind, country, format, pageSize, from, to, groupBy } = options;
    state = {
      query: { kind, country, format, pageSize, from, to, groupBy },
      cursor: null,
      rows: 0,
      bytes: 0,
      done: 0,
      total: 0,
    };
  }
  const query = state.query;
  const source = exportSource(client, query);
  if (!options.resume) state.total = await source.total();

  if (out) {
    const handle = await fs.open(out, options.resume ? "a" : "w");
    write = async (text) => {
      await handle.write(text);
    };
    close = () => handle.close();
  } else {
    write = (text) =>
      new Promise((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
  }

  const bar = new cliProgress.SingleBar(
    {
      stream: progressStream,
      format: ` ${query.kind} {bar} {percentage}% | {value}/{total} ${UNITS[query.kind]} | {rows} rows | {duration_formatted}`,
      noTTYOutput: true,
      notTTYSchedule: 5000,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.max(state.total, state.done, 1), state.done, { rows: state.rows });
  try {
    if (!options.resume) {
      const header = formatHeader(query.format, source.columns);
      await write(header);
      state.bytes = Buffer.byteLength(header);
      if (out) await writeExportState(out, state);
    }
    for (;;) {
      if (shouldStop()) return { rows: state.rows, complete: false };
      const page = await source.page(state.cursor, state.done);
      const text = formatRows(query.format, source.columns, page.rows);
      await write(text);
      state = {
        ...state,
        cursor: page.next,
        rows: state.rows + page.rows.length,
        bytes: state.bytes + Buffer.byteLength(text),
        done: page.done,
      };
      if (page.next === null) break;
      if (out) await writeExportState(out, state);
      if (state.done > state.total) bar.setTotal(state.done);
      bar.update(state.done, { rows: state.rows });
    }
    bar.update(Math.max(state.done, state.total), { rows: state.rows });
    await close();
    close = async () => {};
    if (out) await removeExportState(out);
    return { rows: state.rows, complete: true };
  } finally {
    bar.stop();
    await close();
  }
}
