import { Kind, print, visit, type DocumentNode, type GraphQLFormattedError } from "graphql";
import { ErrorCode, graphqlError, type Viewer } from "@smart/platform";
import type { GatewayResponse } from "../inProcessSubgraph.js";
import { everyPlace, priceOfSteps, type Place, type PricedStep, type Step, type StepTarget } from "./steps.js";

/** One call as the runner sends it: the step's document, its text (printed once per document) and the variables. */
export interface StepRequest {
  document: DocumentNode;
  query: string;
  variables: Record<string, unknown>;
}

/** Sends a step's request to the national graph (through the shard router) or to central, as one caller. */
export type StepCaller = (target: StepTarget, request: StepRequest) => Promise<GatewayResponse>;

/** What a step answered: its data, or the errors that stand for it (a step that threw is one error). */
export interface Settled<TResult> {
  data: TResult | null;
  errors: readonly GraphQLFormattedError[];
}

/**
 * Whether every error of a step's answer says only that the unit is a release
 * behind and lacks a field the step asks (UNIT_LACKS_FIELD): the step's work is
 * then what that release does without it (see each caller), not a failure.
 */
export function onlyLacksFields(errors: readonly GraphQLFormattedError[]): boolean {
  return errors.length > 0 && errors.every((error) => error.extensions?.code === ErrorCode.UNIT_LACKS_FIELD);
}

/**
 * Whether every error of a step's answer says only that the unit is a release
 * behind and does not take an argument the step gives (UNIT_LACKS_INPUT, refused
 * before any call): the step is then sent again without it (see each caller).
 */
export function onlyLacksInput(errors: readonly GraphQLFormattedError[]): boolean {
  return errors.length > 0 && errors.every((error) => error.extensions?.code === ErrorCode.UNIT_LACKS_INPUT);
}

/** A step with its variables, for a step per place. */
export interface StepCall {
  step: Step<unknown, never>;
  variables: unknown;
}

export const stepCall = <R, V>(step: Step<R, V>, variables: V): StepCall => ({ step: step, variables });

/** Extensions of a step's error kept when it is passed on to the caller. */
const KEPT_EXTENSIONS = ["unit", "movedTo", "argumentName"];

/**
 * The steps one caller takes (a request's caller, or the retry worker as the
 * gateway's service viewer): each step sent as that caller, its answer settled
 * (a unit that does not answer is an error like any other, never a throw).
 */
export class StepRun {
  constructor(
    readonly viewer: Viewer,
    private readonly caller: StepCaller,
    /** The units admitted (the unit directory): where an operation begun now takes its steps per place. */
    private readonly units?: { units(): readonly string[] },
  ) {}

  /** Every place of an operation begun now: the units admitted, and central. */
  places(): Place[] {
    if (!this.units) throw new Error("StepRun: this run was given no units, so it has no places.");
    return everyPlace(this.units.units());
  }

  /** Sends the step; never throws. */
  async settle<R, V>(step: Step<R, V>, variables: V): Promise<Settled<R>> {
    const request = {
      document: step.document,
      query: textOf(step.document),
      variables: variables as Record<string, unknown>,
    };
    try {
      const response = await this.caller(step.target, request);
      return { data: (response.data as R | null | undefined) ?? null, errors: response.errors ?? [] };
    } catch (error) {
      return { data: null, errors: [errorOf(error)] };
    }
  }

  /** Sends the step: its first error is passed on to the caller, with its code; no data is SHARD_UNAVAILABLE. */
  async run<R, V>(step: Step<R, V>, variables: V): Promise<R> {
    return dataOf(step, await this.settle(step, variables));
  }

  /**
   * As `run`, for a step whose newer fields a unit a release behind may lack:
   * they are null in its answer (UNIT_LACKS_FIELD), which is no failure.
   */
  async runLacking<R, V>(step: Step<R, V>, variables: V): Promise<R> {
    const answer = await this.settle(step, variables);
    return dataOf(step, onlyLacksFields(answer.errors) ? { ...answer, errors: [] } : answer);
  }

  /**
   * Sends the step with `given` (arguments a unit a release behind may not take
   * yet); such a unit, refused before it is called (UNIT_LACKS_INPUT), is sent the
   * step again with `variables` alone. Otherwise as `run`.
   */
  async runGiving<R, V>(step: Step<R, V>, variables: NoInfer<V>, given: Partial<NoInfer<V>>): Promise<R> {
    return dataOf(step, await this.settleGiving(step, variables, given));
  }

  /** `settle` with `given`, or without it for a unit a release behind (see runGiving); never throws. */
  async settleGiving<R, V>(step: Step<R, V>, variables: NoInfer<V>, given: Partial<NoInfer<V>>): Promise<Settled<R>> {
    const answer = await this.settle(step, { ...variables, ...given });
    return onlyLacksInput(answer.errors) ? this.settle(step, variables) : answer;
  }

  /** Sends each place its step, in parallel: the places that answered without error (the others stay to do). */
  async fanOut(places: readonly Place[], stepAt: (place: Place) => StepCall): Promise<Place[]> {
    const done: Place[] = [];
    await Promise.all(
      places.map(async (place) => {
        const { step, variables } = stepAt(place);
        const { data, errors } = await this.settle(step, variables as never);
        if (!errors.length && data) done.push(place);
      }),
    );
    return done;
  }
}

/**
 * An operation that spans units: what it may send in one request (its price),
 * and, if it can be left half done, how it is continued from the durable record
 * the member's unit keeps. Begin it by its own function (its GraphQL field's
 * resolver), with the request's StepRun.
 */
export interface CrossUnitOperation<TView extends { status: string } = { status: string }> {
  /** The kind under which a unit lists it unfinished (national `memberRightsBacklog`); none if it is never left half done. */
  readonly kind?: string;
  /** Each root field that runs it, with every step that field may send in one request: their sum is its price. */
  readonly fields: Readonly<Record<string, readonly PricedStep[]>>;
  /** Its steps are sent one after another, never together: in flight at once, the costliest step alone. */
  readonly sequential?: boolean;
  /** Continues the one recorded for `subject` (a member ID) from its record, idempotently; null when there is none. */
  resume?(subject: string, steps: StepRun): Promise<TView | null>;
}

/**
 * The operations one subgraph runs: their prices by root field (for the gateway's
 * plan pricing) and their resumption by backlog kind (for the retry worker).
 */
export class StepRunner {
  private readonly steps = new Map<string, { steps: readonly PricedStep[]; sequential: boolean }>();
  private readonly byKind = new Map<string, CrossUnitOperation>();

  constructor(operations: readonly CrossUnitOperation[]) {
    for (const operation of operations) {
      for (const [field, steps] of Object.entries(operation.fields))
        this.steps.set(field, { steps, sequential: operation.sequential ?? false });
      if (operation.kind) this.byKind.set(operation.kind, operation);
    }
  }

  /** Calls a root field may make at most with `units` units admitted (0 for a field no operation runs). */
  priceOf(field: string, units: number): number {
    const entry = this.steps.get(field);
    return entry ? priceOfSteps(entry.steps, units) : 0;
  }

  /** Calls a fetch of these operations' fields may make at most: each field once per time it appears. */
  priceOfDocument(document: DocumentNode, units: number): number {
    return sumOverFields(document, (field) => this.priceOf(field, units));
  }

  /** Calls a fetch of these operations' fields may have in flight at once: each field's, as if all ran together. */
  inFlightOfDocument(document: DocumentNode, units: number): number {
    return sumOverFields(document, (field) => this.inFlightOf(field, units));
  }

  /** Calls a root field may have in flight at once: a sequential operation's costliest step, else all it may send. */
  inFlightOf(field: string, units: number): number {
    const entry = this.steps.get(field);
    if (!entry) return 0;
    if (!entry.sequential) return priceOfSteps(entry.steps, units);
    return Math.max(0, ...entry.steps.map((step) => priceOfSteps([step], units)));
  }

  /** Continues the operation of `kind` recorded for `subject`; throws for a kind no operation here resumes. */
  resume(kind: string, subject: string, steps: StepRun): Promise<{ status: string } | null> {
    const operation = this.byKind.get(kind);
    if (!operation?.resume) throw new Error(`No operation resumes ${kind}.`);
    return operation.resume(subject, steps);
  }
}

/** The sum of `of` over every field of `document`, each once per time it appears. */
function sumOverFields(document: DocumentNode, of: (field: string) => number): number {
  let calls = 0;
  visit(document, { [Kind.FIELD]: (node) => void (calls += of(node.name.value)) });
  return calls;
}

const texts = new WeakMap<DocumentNode, string>();

function textOf(document: DocumentNode): string {
  let text = texts.get(document);
  if (text === undefined) texts.set(document, (text = print(document)));
  return text;
}

function errorOf(error: unknown): GraphQLFormattedError {
  if (error && typeof error === "object" && "extensions" in error && "message" in error)
    return { message: String(error.message), extensions: error.extensions as Record<string, unknown> };
  return { message: error instanceof Error ? error.message : String(error) };
}

/** A step's error as the caller's: its code and message, the extensions that tell them something, and `extra`. */
export function passOn(error: GraphQLFormattedError, extra: Record<string, unknown> = {}) {
  const code = typeof error.extensions?.code === "string" ? error.extensions.code : "INTERNAL_SERVER_ERROR";
  const kept = Object.fromEntries(
    KEPT_EXTENSIONS.filter((key) => error.extensions?.[key] !== undefined).map((key) => [key, error.extensions![key]]),
  );
  return graphqlError(code as never, error.message, { ...kept, ...extra });
}

/** A settled step's data; its first error passed on to the caller, with its code; no data is SHARD_UNAVAILABLE. */
function dataOf<R, V>(step: Step<R, V>, { data, errors }: Settled<R>): R {
  if (errors[0]) throw passOn(errors[0]);
  if (!data)
    throw graphqlError(
      ErrorCode.SHARD_UNAVAILABLE,
      `${step.target === "central" ? "The central office" : "The unit"} gave no answer.`,
    );
  return data;
}
