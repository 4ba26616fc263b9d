// 已办 (done): the tasks the caller completed, on cases the caller still sees.
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type DoneSortField, type DoneTaskRow, doneTasks } from '../../db/done-tasks.repository';
import type { AuthUser } from '../auth/auth-user';
import { CaseVisibility } from '../access/case-visibility.service';
import type { Sort } from '../common/paging';

/** An item of GET /tasks/done: the row with its instant as ISO text. */
export type DoneTaskView = Omit<DoneTaskRow, 'completedAt'> & { completedAt: string | null };

@Injectable()
export class DoneTasksService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseVisibility) private readonly visibility: CaseVisibility,
  ) {}

  async list(
    user: AuthUser,
    sort: Sort<DoneSortField>,
    page: { page: number; pageSize: number },
  ): Promise<{ items: DoneTaskView[]; total: number }> {
    const { items, total } = await doneTasks(
      this.dataSource,
      user.username,
      (params) => this.visibility.sql(user, 'c', params),
      sort,
      page,
    );
    return {
      items: items.map((r) => ({ ...r, completedAt: r.completedAt ? r.completedAt.toISOString() : null })),
      total,
    };
  }
}
