/**
 * One way to run an operation that spans units (a transfer, an erasure, an
 * export, a vote): a series of steps, each a generated typed document sent to a
 * unit (through the shard router) or to central, idempotent, so that it resumes
 * from the durable record one unit keeps. `StepRun` sends one caller's steps
 * (`run`, `settle`, `fanOut` to every place); an operation declares the steps
 * each of its fields may send (`CrossUnitOperation.fields`), which are its price
 * in calls, and how it is resumed (`resume`, by the backlog's kind); a
 * `StepRunner` holds a subgraph's operations for the plan pricing and the retry worker.
 */
export {
  centralStep,
  everyPlace,
  everyUnitStep,
  placesIn,
  priceOfSteps,
  unitStep,
  type Place,
  type PricedStep,
  type RepeatedStep,
  type Step,
  type StepPerPlace,
  type StepReach,
  type StepTarget,
} from "./steps.js";
export {
  onlyLacksFields,
  onlyLacksInput,
  passOn,
  stepCall,
  StepRun,
  StepRunner,
  type CrossUnitOperation,
  type Settled,
  type StepCall,
  type StepCaller,
  type StepRequest,
} from "./runner.js";
