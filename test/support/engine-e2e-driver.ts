// Plays the people of the review pipeline against a runCase workflow: completes each open task as a user of its
// candidate group, publishes the list when the case waits for it, and lets the caller skip the publicity timer.
import type { WorkflowHandle } from '@temporalio/client';
import type { CaseStateView, CaseUser } from '../../workflows/case/case-messages';
import {
  caseStateQuery,
  completeTaskUpdate,
  correlateMessageUpdate,
} from '../../workflows/case/case-messages';
import type { runCase } from '../../workflows/run-case.workflow';

export const PIPELINE_VARIABLES = {
  district: 'lixia',
  employerId: 'org-1',
  applicantId: 'applicant1',
  documents: ['id-card', 'diploma', 'contract'],
  experts: ['expert2', 'expert3', 'expert4'],
};

const DECISIONS: Record<string, string> = {
  districtReview: 'pass',
  cityReview: 'pass',
  orgApproval: 'approve',
};

export interface DriveOptions {
  /** the case waits for a timer due at `at`: make server time pass it */
  passTimer(at: Date): Promise<void>;
  pollMs?: number;
  timeoutMs?: number;
}

/** Drives one case to its end; returns the number of task completions it made. */
export async function drivePipeline(
  handle: WorkflowHandle<typeof runCase>,
  opts: DriveOptions,
): Promise<number> {
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  const done = new Set<string>();
  const published = new Set<string>();
  const passed = new Set<string>();
  let completions = 0;
  let finished = false;
  const result = handle.result().finally(() => {
    finished = true;
  });
  while (!finished) {
    if (Date.now() > deadline) throw new Error(`case ${handle.workflowId} did not finish in time`);
    const s: CaseStateView | undefined = await handle.query(caseStateQuery).catch(() => undefined);
    if (!s) {
      await pause(opts.pollMs ?? 20);
      continue;
    }
    let acted = false;
    for (const t of s.tasks.filter((x) => !done.has(x.key))) {
      const user: CaseUser = {
        username: t.elementId === 'declare' ? 'applicant1' : `${t.candidateGroups[0] ?? 'user'}-${t.key}`,
        roles: t.candidateGroups,
        district: 'lixia',
        affiliation: null,
      };
      const decision = DECISIONS[t.elementId];
      await handle.executeUpdate(completeTaskUpdate, {
        args: [
          {
            key: t.key,
            user,
            variables: {
              ...(decision ? { decision } : {}),
              ...(t.elementId === 'expertScore' ? { score: 80 } : {}),
            },
          },
        ],
      });
      done.add(t.key);
      completions += 1;
      acted = true;
    }
    for (const sub of s.subscriptions.filter((x) => !published.has(x.key))) {
      await handle.executeUpdate(correlateMessageUpdate, {
        args: [{ name: sub.messageName, correlationKey: sub.correlationKey }],
      });
      published.add(sub.key);
      acted = true;
    }
    const publicity = s.timers.find((t) => t.elementId === 'publicityPeriod' && t.at && !passed.has(t.key));
    if (!acted && publicity?.at && s.tasks.length === 0) {
      passed.add(publicity.key);
      await opts.passTimer(new Date(publicity.at));
      acted = true;
    }
    if (!acted) await pause(opts.pollMs ?? 20);
  }
  await result;
  return completions;
}

function pause(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
