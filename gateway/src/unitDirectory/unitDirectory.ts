import type { GraphQLDataSource } from "@apollo/gateway";
import { print } from "graphql";
import { createLogger, isCountryCode, type CountryCode, type Logger, type ServiceViewer } from "@smart/platform";
import { AdmittedUnitsDocument } from "../__generated__/central-operations.js";
import { serviceFetch } from "../serviceFetch.js";
import { DEFAULT_UNIT_URLS, unitUrlOf, type UnitUrlSettings } from "./unitUrls.js";

/** Who the directory asks central as: the gateway's own work, named only inside its signed call. */
export const UNIT_DIRECTORY_VIEWER: ServiceViewer = Object.freeze({ role: "service", work: "unit_directory" });

/** How often central is asked which units are admitted (UNIT_DIRECTORY_REFRESH_SECONDS): a change is routed within this. */
export const DEFAULT_UNIT_DIRECTORY_REFRESH_MS = 10_000;

/** What changed when the directory's units did. */
export interface UnitsChange {
  /** The units now, sorted by code. */
  units: readonly CountryCode[];
  admitted: readonly CountryCode[];
  retired: readonly CountryCode[];
}

/**
 * Which units the gateway serves now and where each is: what routing, fan-out,
 * readiness, prices and the cross-unit operations read, at the time they run.
 */
export interface Units {
  /** The units admitted now, sorted by code. */
  units(): readonly CountryCode[];
  /** Whether `code` is a unit admitted now. */
  has(code: string): boolean;
  /** The unit's GraphQL endpoint (UNIT_URL_<CODE>, else UNIT_URL_TEMPLATE): any well-formed code has one. */
  urlOf(unit: CountryCode): string;
  /** Calls `listener` after each change of the units; returns what stops it. */
  onChange(listener: (change: UnitsChange) => void): () => void;
}

export interface UnitDirectoryOptions {
  /** The units served until central has answered once (GATEWAY_UNITS), or for good without `central`. */
  units: readonly CountryCode[];
  urls?: UnitUrlSettings;
  /** The central office's data source: asked `countries { code }`, as UNIT_DIRECTORY_VIEWER. None: the units are fixed. */
  central?: GraphQLDataSource;
  /** Between two questions to central (default 10 s). */
  refreshMs?: number;
  logger?: Logger;
}

const ADMITTED_UNITS_QUERY = print(AdmittedUnitsDocument);

/**
 * The units central's directory has admitted, asked every 10 s. Before central's
 * first answer the gateway serves the units it was started with (GATEWAY_UNITS);
 * when central does not answer, the last units it named stand (a directory that
 * is down admits and retires no one).
 */
export class UnitDirectory implements Units {
  private current: readonly CountryCode[];
  private currentSet: ReadonlySet<string>;
  private readonly listeners = new Set<(change: UnitsChange) => void>();
  private readonly urls: UnitUrlSettings;
  private readonly logger: Logger;
  private readonly timer: NodeJS.Timeout | undefined;
  private asking: Promise<void> | undefined;
  /** Whether the last question went unanswered (logged once per outage, not every round). */
  private failing = false;
  private closed = false;
  /** Whether central has answered once: the units are its word, not GATEWAY_UNITS'. */
  answered = false;

  constructor(private readonly options: UnitDirectoryOptions) {
    this.current = sortedUnique(options.units);
    this.currentSet = new Set(this.current);
    this.urls = options.urls ?? DEFAULT_UNIT_URLS;
    this.logger = options.logger ?? createLogger("unit-directory");
    if (options.central) {
      void this.refresh();
      this.timer = setInterval(() => void this.refresh(), options.refreshMs ?? DEFAULT_UNIT_DIRECTORY_REFRESH_MS);
      this.timer.unref();
    }
  }

  units(): readonly CountryCode[] {
    return this.current;
  }

  has(code: string): boolean {
    return this.currentSet.has(code);
  }

  urlOf(unit: CountryCode): string {
    return unitUrlOf(this.urls, unit);
  }

  onChange(listener: (change: UnitsChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Asks central now (a question already in flight is shared); resolves once it answered or failed. */
  refresh(): Promise<void> {
    if (!this.options.central || this.closed) return Promise.resolve();
    return (this.asking ??= this.ask().finally(() => (this.asking = undefined)));
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    this.listeners.clear();
  }

  private async ask(): Promise<void> {
    const answer = await admittedUnits(this.options.central!);
    if (this.closed) return;
    if ("problem" in answer) {
      if (!this.failing)
        this.logger.warn(
          { problem: answer.problem, units: this.current, answered: this.answered },
          "unit directory: central did not answer; the units last known stand",
        );
      this.failing = true;
      return;
    }
    if (this.failing) this.logger.info({ units: answer.units }, "unit directory: central answers again");
    this.failing = false;
    this.answered = true;
    this.set(answer.units);
  }

  private set(units: readonly CountryCode[]): void {
    const next = sortedUnique(units);
    const admitted = next.filter((unit) => !this.currentSet.has(unit));
    const retired = this.current.filter((unit) => !next.includes(unit));
    if (!admitted.length && !retired.length) return;
    this.current = next;
    this.currentSet = new Set(next);
    this.logger.info({ units: next, admitted, retired }, "unit directory: the units changed");
    for (const listener of this.listeners) {
      try {
        listener({ units: next, admitted, retired });
      } catch (error) {
        this.logger.error({ err: error }, "unit directory: a listener failed");
      }
    }
  }
}

/** A central fetch that admits or retires a unit (central's `admitUnit`, `retireUnit`). */
const CHANGES_UNITS = /^\s*mutation\b[\s\S]*\b(?:admitUnit|retireUnit)\s*\(/;

/**
 * Central's data source as the planner calls it: when a request through this
 * gateway admits or retires a unit, the directory asks central again before the
 * answer goes back, so that the caller's next request is routed by it (other
 * gateways pick it up within their refresh).
 */
export function refreshingOnUnitChanges(central: GraphQLDataSource, directory: UnitDirectory): GraphQLDataSource {
  return {
    async process(fetch) {
      const response = await central.process(fetch);
      if (CHANGES_UNITS.test(fetch.request.query ?? "") && !response.errors?.length) await directory.refresh();
      return response;
    },
  };
}

/** A directory of fixed units at fixed URLs (a test's, or a gateway told its units): never changes. */
export function fixedUnits(urls: Readonly<Record<CountryCode, string>>, logger?: Logger): UnitDirectory {
  return new UnitDirectory({
    units: Object.keys(urls),
    urls: { ...DEFAULT_UNIT_URLS, overrides: urls },
    ...(logger ? { logger } : {}),
  });
}

/** Central's answer: the admitted units' codes, or why there are none to read. */
async function admittedUnits(central: GraphQLDataSource): Promise<{ units: CountryCode[] } | { problem: string }> {
  try {
    const response = await central.process(
      serviceFetch(
        { document: AdmittedUnitsDocument, query: ADMITTED_UNITS_QUERY, variables: {} },
        UNIT_DIRECTORY_VIEWER,
      ),
    );
    const countries = (response.data as { countries?: unknown } | null | undefined)?.countries;
    if (response.errors?.length || !Array.isArray(countries))
      return { problem: response.errors?.map((error) => error.message).join("; ") || "no countries in its answer" };
    return { units: countries.map((country: { code?: unknown }) => country?.code).filter(isCountryCode) };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}

function sortedUnique(units: readonly CountryCode[]): readonly CountryCode[] {
  return Object.freeze([...new Set(units)].sort());
}
