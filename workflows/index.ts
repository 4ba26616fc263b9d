// Every workflow type the worker registers.
export { smokeWorkflow } from './smoke.workflow';
export { runCase } from './run-case.workflow';
export { timerStart } from './timer-start.workflow';
