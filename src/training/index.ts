/** Public API of the training layer (tfjs-core only; the worker picks the backend). */
export { buildModel } from './model/buildModel';
export { MultitaskUNet, type MultitaskOutputs } from './model/MultitaskUNet';
export type { NamedTensorData, NamedVariable } from './model/NamedTensorData';
export { ParamStore } from './model/ParamStore';
export { SEG_LOSSES, makeSegLoss, type SegLossFn, type SegLossOptions } from './losses/segLosses';
export { CLS_LOSSES, makeClsLoss, type ClsLossFn, type ClsLossOptions } from './losses/clsLosses';
export { MultitaskLoss, computeLosses, type EpochInfo, type LossTerms, type LossValues, type MultitaskTargets } from './losses/MultitaskLoss';
export { Optimizer, createOptimizer, clipByGlobalNorm, globalNorm } from './optim/Optimizer';
export { LrScheduler, lrAt, type SchedulerState } from './optim/schedules';
export { trainStep, type TrainBatch, type StepResult } from './optim/trainStep';
