// Placeholder until the worker lands: replaced by a one-per-run bundle of workflows/index.ts.
export async function buildTestWorkflowBundle(): Promise<void> {
  return undefined;
}
