// Lists as official acts: a publicity list (one message batch) or an approval list (one complete-task batch per
// decision) runs under a numbered record (〔2026〕第3号) that keeps title, date, comment, cases and decisions for the
// notice, its print page and its Excel export.
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { ProcessGraph } from '../../bpmn/graph.types';
import { countCalendarDays, shanghaiDate, shanghaiStartOf } from '../../calendar/working-days';
import { BatchEntity } from '../../db/entities/batch.entity';
import { CaseEntity } from '../../db/entities/case.entity';
import type {
  ListRecordEntity,
  ListRecordItem,
  ListRecordKind,
  ListRecordPublicity,
} from '../../db/entities/list-record.entity';
import { ProcessDefinitionEntity } from '../../db/entities/process-definition.entity';
import {
  createListRecord,
  deleteListRecord,
  findListRecord,
  finishListRecord,
  listListRecords,
} from '../../db/list-records.repository';
import { CaseVisibility } from '../access/case-visibility.service';
import type { AuthUser } from '../auth/auth-user';
import { type BatchAction, BatchesService } from '../batches/batches.service';
import { CalendarService, toShanghaiIso } from '../calendar/calendar.service';
import { ApiError, notFound } from '../common/error-body';
import type { ListRecordPageDto, PublicityPreviewDto } from './list-record.dto';
import { type PublicityTimer, publicityTimer } from './publicity-period';

/** Who publishes and decides lists, and reads their records (the notice's public part reaches applicants through
 * their own case history). */
export const LIST_ROLES = ['org-department', 'city-reviewer', 'admin'] as const;

export const listNumber = (year: number, seq: number) => `〔${year}〕第${seq}号`;

export interface CreateListInput {
  title: string;
  processKey: string;
  elementId: string;
  comment?: string | null;
  items: { caseId: string; decision?: string | null; comment?: string | null }[];
}

const invalid = (field: string, message: string, code = 'FIELD_INVALID') =>
  new ApiError(400, `Invalid request body: ${field}`, [{ field, code, message }], code);

export function recordView(r: ListRecordEntity) {
  return {
    id: r.id,
    number: listNumber(r.year, r.seq),
    year: r.year,
    seq: r.seq,
    title: r.title,
    kind: r.kind,
    processKey: r.processKey,
    processVersion: r.processVersion,
    elementId: r.elementId,
    stageName: r.stageName,
    comment: r.comment,
    publicity: r.publicity,
    status: r.status,
    createdBy: r.createdBy,
    createdAt: toShanghaiIso(r.createdAt),
    items: r.items.map((i) => ({ ...i, comment: i.comment ?? r.comment })),
  };
}
export type ListRecordView = ReturnType<typeof recordView>;

@Injectable()
export class ListsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(BatchesService) private readonly batches: BatchesService,
    @Inject(CalendarService) private readonly calendar: CalendarService,
    @Inject(CaseVisibility) private readonly visibility: CaseVisibility,
  ) {}

  /** The latest version's graph and the list's kind at `elementId`. */
  private async stage(processKey: string, elementId: string) {
    const def = await this.dataSource
      .getRepository(ProcessDefinitionEntity)
      .findOne({ where: { key: processKey }, order: { version: 'DESC' } });
    if (!def) throw invalid('processKey', `no process ${processKey} is deployed`);
    const graph = def.graph as ProcessGraph;
    const node = graph.nodes[elementId];
    let kind: ListRecordKind | null = null;
    let message: string | null = null;
    if (node?.kind === 'userTask') kind = 'approve';
    if (node?.kind === 'intermediateCatchEvent' && node.eventDefinition.kind === 'message') {
      kind = 'publish';
      message = node.eventDefinition.messageName;
    }
    if (!node || !kind)
      throw invalid('elementId', `${elementId} is not a user task or a message catch event of ${processKey}`);
    const decisions = node.kind === 'userTask' ? (node.decisions ?? []) : [];
    return { def, graph, node, kind, message, decisions, stageName: node.name ?? elementId };
  }

  /** The period a list published at `from` (YYYY-MM-DD, Asia/Shanghai) would open; null when no day timer follows. */
  async preview(processKey: string, elementId: string, from: string): Promise<PublicityPreviewDto> {
    const s = await this.stage(processKey, elementId);
    if (s.kind !== 'publish') return { publicity: null };
    const timer = publicityTimer(s.graph, elementId);
    return { publicity: timer ? await this.period(timer, from) : null };
  }

  private async period(
    timer: PublicityTimer,
    from: string,
  ): Promise<ListRecordPublicity & { provisional: boolean }> {
    const span =
      timer.calendar === 'cn-workday'
        ? await this.calendar.workdays(from, timer.days)
        : countCalendarDays(shanghaiStartOf(from), timer.days);
    return {
      start: span.days[0] ?? from,
      end: span.lastDay,
      days: timer.days,
      calendar: timer.calendar,
      closesAt: toShanghaiIso(span.closesAt),
      provisional: span.provisional,
    };
  }

  async create(input: CreateListInput, user: AuthUser): Promise<ListRecordView> {
    const s = await this.stage(input.processKey, input.elementId);
    const seen = new Set<string>();
    input.items.forEach((item, i) => {
      if (seen.has(item.caseId)) throw invalid(`items.${i}.caseId`, 'lists the case twice');
      seen.add(item.caseId);
      if (s.kind === 'publish' && item.decision)
        throw invalid(`items.${i}.decision`, 'a publicity list takes no decision', 'DECISION_NOT_ALLOWED');
      if (s.kind === 'approve' && s.decisions.length > 0 && !item.decision)
        throw invalid(`items.${i}.decision`, 'is required', 'DECISION_REQUIRED');
      if (s.kind === 'approve' && item.decision && !s.decisions.includes(item.decision))
        throw invalid(
          `items.${i}.decision`,
          `must be one of ${s.decisions.join(', ') || '(none)'}`,
          'DECISION_NOT_ALLOWED',
        );
    });
    // Every case must be one the caller sees, of this process: a list names real cases.
    const ids = input.items.map((i) => i.caseId);
    const cases = await this.dataSource.getRepository(CaseEntity).findBy({ id: In(ids) });
    const byId = new Map(cases.map((c) => [c.id, c]));
    const visible = await this.visibility.visibleIds(user, ids);
    input.items.forEach((item, i) => {
      const c = byId.get(item.caseId);
      if (!c || !visible.has(item.caseId) || c.processKey !== input.processKey)
        throw invalid(`items.${i}.caseId`, 'is not a case of this process', 'CASE_NOT_FOUND');
    });

    const comment = input.comment?.trim() || null;
    const items: ListRecordItem[] = input.items.map((item) => {
      const c = byId.get(item.caseId) as CaseEntity;
      const v = c.variables ?? {};
      return {
        caseId: c.id,
        businessKey: c.businessKey,
        applicantName: typeof v.applicantName === 'string' ? v.applicantName : null,
        district: typeof v.district === 'string' ? v.district : null,
        decision: item.decision ?? null,
        comment: item.comment?.trim() || null,
        status: 'pending',
      };
    });
    const year = Number(shanghaiDate(new Date()).slice(0, 4));
    const record = await createListRecord(this.dataSource, {
      year,
      title: input.title,
      kind: s.kind,
      processKey: s.def.key,
      processVersion: s.def.version,
      elementId: input.elementId,
      stageName: s.stageName,
      comment,
      items,
      createdBy: user.username,
    });
    const list = { id: record.id, number: listNumber(record.year, record.seq), title: record.title };
    const comments = Object.fromEntries(
      items.filter((i) => i.comment).map((i) => [i.caseId, i.comment as string]),
    );

    // publish: one batch; approve: one batch per decision, in the order the decisions are declared
    const groups: { decision: string | null; ids: string[] }[] =
      s.kind === 'publish'
        ? [{ decision: null, ids }]
        : [...new Set(items.map((i) => i.decision))].map((d) => ({
            decision: d,
            ids: items.filter((i) => i.decision === d).map((i) => i.caseId),
          }));
    const batchIds: string[] = [];
    const results = new Map<string, { status: 'done' | 'failed'; code: string | null }>();
    for (const g of groups) {
      const action: BatchAction =
        s.kind === 'publish'
          ? { type: 'message', name: s.message as string, variables: {} }
          : {
              type: 'complete-task',
              elementId: input.elementId,
              variables: g.decision ? { decision: g.decision } : {},
            };
      const groupComments = Object.fromEntries(Object.entries(comments).filter(([id]) => g.ids.includes(id)));
      try {
        const b = await this.batches.run(
          {
            title: `${list.number} ${record.title}`,
            caseIds: g.ids,
            action,
            comment,
            comments: groupComments,
            list,
          },
          user,
        );
        batchIds.push(b.id);
        for (const it of b.items)
          results.set(it.caseId, {
            status: it.status === 'done' ? 'done' : 'failed',
            code: 'code' in it && typeof it.code === 'string' ? it.code : null,
          });
      } catch (err) {
        // the whole batch was refused (e.g. rf:senders): its cases failed with that reason
        const code = err instanceof ApiError ? (err.code ?? null) : null;
        for (const id of g.ids) results.set(id, { status: 'failed', code });
        if (!(err instanceof ApiError)) {
          await this.finish(record.id, items, results, batchIds, null);
          throw err;
        }
      }
    }
    let publicity: ListRecordPublicity | null = null;
    if (s.kind === 'publish' && batchIds[0]) {
      const timer = publicityTimer(s.graph, input.elementId);
      const b = await this.dataSource.getRepository(BatchEntity).findOneBy({ id: batchIds[0] });
      // the period starts at the instant the cases received the list (the workflow's clock)
      const from = shanghaiDate(b?.instant ? new Date(b.instant) : new Date());
      if (timer) {
        const { provisional: _p, ...p } = await this.period(timer, from);
        publicity = p;
      }
    }
    const finished = await this.finish(record.id, items, results, batchIds, publicity);
    if (!finished.items.some((i) => i.status === 'done')) {
      await deleteListRecord(this.dataSource, record.id);
      throw new ApiError(
        409,
        'No case on the list went through: nothing was published or decided',
        finished.items.map((i, n) => ({
          field: `items.${n}.caseId`,
          ...(i.code ? { code: i.code } : {}),
          message: `${i.businessKey}: ${i.code ?? 'failed'}`,
        })),
        'LIST_NOT_PUBLISHED',
      );
    }
    return finished;
  }

  private async finish(
    id: string,
    items: ListRecordItem[],
    results: Map<string, { status: 'done' | 'failed'; code: string | null }>,
    batchIds: string[],
    publicity: ListRecordPublicity | null,
  ): Promise<ListRecordView> {
    const done = items.map((i) => {
      const r = results.get(i.caseId);
      return { ...i, status: r?.status ?? 'failed', ...(r?.code ? { code: r.code } : {}) } as ListRecordItem;
    });
    await finishListRecord(this.dataSource, id, { items: done, batchIds, publicity });
    return this.get(id);
  }

  async get(id: string): Promise<ListRecordView> {
    const r = /^[0-9a-f-]{36}$/i.test(id) ? await findListRecord(this.dataSource, id) : null;
    if (!r) throw notFound(`List ${id} not found`);
    return recordView(r);
  }

  async list(q: { page: number; pageSize: number; year?: number }): Promise<ListRecordPageDto> {
    const { items, total } = await listListRecords(this.dataSource, {
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
      year: q.year,
    });
    return {
      items: items.map((r) => {
        const { items: its, ...rest } = recordView(r);
        return {
          ...rest,
          total: its.length,
          done: its.filter((i) => i.status === 'done').length,
        };
      }),
      total,
    };
  }
}
