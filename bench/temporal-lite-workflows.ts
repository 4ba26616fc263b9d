// Workflows for the temporal-lite benchmark (bundled by bench/temporal-lite-throughput.ts).
import { condition, defineSignal, proxyActivities, setHandler, sleep } from '@temporalio/workflow';

const { step } = proxyActivities<{ step(i: number): Promise<number> }>({ startToCloseTimeout: '1m' });

/** 10 sequential activities and 2 timers. */
export async function tenSteps(): Promise<number> {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    sum += await step(i);
    if (i === 3 || i === 7) await sleep(10);
  }
  return sum;
}

export const wake = defineSignal('wake');

/** Waits for one signal (idle-memory benchmark). */
export async function idle(): Promise<void> {
  let woken = false;
  setHandler(wake, () => {
    woken = true;
  });
  await condition(() => woken);
}
