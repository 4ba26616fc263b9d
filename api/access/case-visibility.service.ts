// The one gate every case read goes through (cases, history, payments, tasks, batches, attachments).
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { CaseEntity } from '../../db/entities/case.entity';
import type { AuthUser } from '../auth/auth-user';
import { notFound } from '../common/error-body';
import { caseVisibilitySql, named, positional } from './case-visibility.predicate';

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

@Injectable()
export class CaseVisibility {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Limits a query builder over cases (aliased `alias`) to the cases `user` sees. */
  restrict<T extends object>(
    qb: SelectQueryBuilder<T>,
    user: AuthUser,
    alias: string,
  ): SelectQueryBuilder<T> {
    const params: Record<string, unknown> = {};
    const sql = caseVisibilitySql(user, alias, named(params));
    return sql === null ? qb : qb.andWhere(sql, params);
  }

  /** The predicate over the case aliased `alias` for raw SQL whose positional values are `params`; null = all. */
  sql(user: AuthUser, alias: string, params: unknown[]): string | null {
    return caseVisibilitySql(user, alias, positional(params));
  }

  /** The case if it exists and `user` sees it, else null. */
  async find(user: AuthUser, caseId: string): Promise<CaseEntity | null> {
    if (!isUuid(caseId)) return null;
    const qb = this.dataSource
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .where('c.id = :id', { id: caseId });
    return this.restrict(qb, user, 'c').getOne();
  }

  /** The case `user` sees, or 404 `Case <id> not found` whether it is absent or hidden. */
  async assertCanSee(user: AuthUser, caseId: string): Promise<CaseEntity> {
    const row = await this.find(user, caseId);
    if (!row) throw notFound(`Case ${caseId} not found`);
    return row;
  }

  /** The subset of `caseIds` that `user` sees. */
  async visibleIds(user: AuthUser, caseIds: string[]): Promise<Set<string>> {
    const ids = caseIds.filter(isUuid);
    if (ids.length === 0) return new Set();
    const qb = this.dataSource
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .select('c.id', 'id')
      .where('c.id IN (:...ids)', { ids });
    const rows: { id: string }[] = await this.restrict(qb, user, 'c').getRawMany();
    return new Set(rows.map((r) => r.id));
  }
}
