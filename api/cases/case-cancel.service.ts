// Cancelling a case (issue 17): the workflow terminates it, withdraws its open tasks and records who and why.
import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { cancelCaseUpdate } from '../../workflows/messages';
import type { AuthUser } from '../auth/auth-user';
import { ApiError } from '../common/error-body';
import { TEMPORAL_CLIENT } from '../temporal/temporal.tokens';
import { CasesService } from './cases.service';
import { caseWorkflowId, workflowRefusal } from './workflow-errors';

export const CANCEL_ROLES = ['admin', 'org-department'] as const;
export const CANCEL_REASON_MAX = 2000;

const notCancellable = (message: string) => new ApiError(409, message, undefined, 'CASE_NOT_ACTIVE');

@Injectable()
export class CaseCancelService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CasesService) private readonly cases: CasesService,
  ) {}

  async cancel(id: string, reason: string, user: AuthUser) {
    const row = await this.cases.visible(id, user);
    if (row.status !== 'active' && row.status !== 'failed')
      throw notCancellable(`Case ${id} is ${row.status}; only an active or failed case can be cancelled`);
    try {
      await this.temporal.workflow
        .getHandle(caseWorkflowId(id))
        .executeUpdate(cancelCaseUpdate, { args: [{ reason, by: user.username }] });
    } catch (err) {
      const refusal = workflowRefusal(err, 'Cancel refused');
      if (refusal && refusal.getStatus() === 409) throw notCancellable(refusal.message);
      throw refusal ?? err;
    }
    // the update returns once the read model holds the terminated case
    return this.cases.detail(id, user, false);
  }
}
