// Case search (案件查询): filters, free text, sorting and paging over the cases table, and the export rows.
// Who may see which case is decided by the caller (api/access), passed in as `restrict` / `visibility`.
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { CaseEntity } from './entities/case.entity';

export interface CaseSearchFilter {
  processKey?: string;
  status?: string;
  /** any of these statuses (Camunda's ACTIVE: active or failed) */
  statusIn?: string[];
  /** the exact business key */
  businessKey?: string;
  elementId?: string;
  district?: string;
  calendarProvisional?: boolean;
  createdBy?: string;
  outcome?: string;
  /** substring of the business key or of the `applicantName` variable, case-insensitive */
  text?: string;
  /** true: an open task of the case is past due at `now`; false: none is */
  overdue?: boolean;
  now?: Date;
  startedFrom?: Date;
  /** exclusive */
  startedBefore?: Date;
  finishedFrom?: Date;
  /** exclusive */
  finishedBefore?: Date;
}

/** Sortable fields → columns. NULLs (an unfinished case's finishedAt, a missing outcome) sort last. */
export const CASE_SORT_FIELDS = {
  createdAt: 'c.created_at',
  updatedAt: 'c.updated_at',
  finishedAt: 'c.finished_at',
  businessKey: 'c.business_key',
  processKey: 'c.process_key',
  status: 'c.status',
  outcome: 'c.outcome',
  district: 'c.district',
} as const;
export type CaseSortField = keyof typeof CASE_SORT_FIELDS;

export interface SortSpec<F extends string> {
  field: F;
  dir: 'ASC' | 'DESC';
}

/** `%`, `_` and `\` in user text match themselves. */
export const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

type Restrict = (qb: SelectQueryBuilder<CaseEntity>) => SelectQueryBuilder<CaseEntity>;

function filtered(manager: EntityManager, f: CaseSearchFilter, restrict: Restrict) {
  const qb = restrict(manager.getRepository(CaseEntity).createQueryBuilder('c'));
  if (f.district) qb.andWhere('c.district = :district', { district: f.district });
  if (f.processKey) qb.andWhere('c.process_key = :processKey', { processKey: f.processKey });
  if (f.status) qb.andWhere('c.status = :status', { status: f.status });
  if (f.statusIn) qb.andWhere('c.status IN (:...statusIn)', { statusIn: f.statusIn });
  if (f.businessKey) qb.andWhere('c.business_key = :businessKey', { businessKey: f.businessKey });
  if (f.elementId) qb.andWhere(':elementId = ANY(c.active_elements)', { elementId: f.elementId });
  if (f.calendarProvisional !== undefined)
    qb.andWhere('c.calendar_provisional = :provisional', { provisional: f.calendarProvisional });
  if (f.createdBy) qb.andWhere('c.created_by = :createdBy', { createdBy: f.createdBy });
  if (f.outcome) qb.andWhere('c.outcome = :outcome', { outcome: f.outcome });
  if (f.text)
    // ILIKE on both: the trigram indexes (ix_cases_business_key_trgm, ix_cases_applicant_name_trgm) serve it
    qb.andWhere(`(c.business_key ILIKE :text OR (c.variables->>'applicantName') ILIKE :text)`, {
      text: likePattern(f.text),
    });
  if (f.overdue !== undefined)
    qb.andWhere(
      `${f.overdue ? '' : 'NOT '}EXISTS (SELECT 1 FROM tasks ot WHERE ot.case_id = c.id AND ot.state = 'open'
         AND ot.due_at < :overdueNow)`,
      { overdueNow: f.now ?? new Date() },
    );
  if (f.startedFrom) qb.andWhere('c.created_at >= :startedFrom', { startedFrom: f.startedFrom });
  if (f.startedBefore) qb.andWhere('c.created_at < :startedBefore', { startedBefore: f.startedBefore });
  if (f.finishedFrom) qb.andWhere('c.finished_at >= :finishedFrom', { finishedFrom: f.finishedFrom });
  if (f.finishedBefore) qb.andWhere('c.finished_at < :finishedBefore', { finishedBefore: f.finishedBefore });
  return qb;
}

function sorted(qb: SelectQueryBuilder<CaseEntity>, sort: SortSpec<CaseSortField>) {
  return qb.orderBy(CASE_SORT_FIELDS[sort.field], sort.dir, 'NULLS LAST').addOrderBy('c.id', 'ASC'); // a stable order across pages
}

export async function searchCases(
  manager: EntityManager,
  f: CaseSearchFilter,
  restrict: Restrict,
  sort: SortSpec<CaseSortField>,
  page: { page: number; pageSize: number },
): Promise<{ items: CaseEntity[]; total: number }> {
  const offset = (page.page - 1) * page.pageSize;
  const qb = filtered(manager, f, restrict);
  const total = await qb.getCount();
  if (!Number.isSafeInteger(offset) || offset >= total) return { items: [], total };
  const items = await sorted(qb, sort).offset(offset).limit(page.pageSize).getMany();
  return { items, total };
}

export async function countCases(manager: EntityManager, f: CaseSearchFilter, restrict: Restrict) {
  return filtered(manager, f, restrict).getCount();
}

export interface CaseExportRow {
  businessKey: string;
  processKey: string;
  processName: string | null;
  applicantName: string | null;
  district: string | null;
  status: string;
  outcome: string | null;
  /** names of the active elements (their ids where the diagram names none) */
  stages: string[];
  createdAt: Date;
  finishedAt: Date | null;
}

/** At most `limit` rows of the search, with the programme's and the stages' names from the case's version. */
export async function exportCases(
  manager: EntityManager,
  f: CaseSearchFilter,
  restrict: Restrict,
  sort: SortSpec<CaseSortField>,
  limit: number,
): Promise<CaseExportRow[]> {
  const qb = sorted(filtered(manager, f, restrict), sort)
    .leftJoin('process_definitions', 'd', 'd.key = c.process_key AND d.version = c.process_version')
    .select('c.business_key', 'businessKey')
    .addSelect('c.process_key', 'processKey')
    .addSelect('d.name', 'processName')
    .addSelect(`c.variables->>'applicantName'`, 'applicantName')
    .addSelect('c.district', 'district')
    .addSelect('c.status', 'status')
    .addSelect('c.outcome', 'outcome')
    .addSelect(
      `ARRAY(SELECT coalesce(d.graph->'nodes'->e->>'name', e) FROM unnest(c.active_elements) e)`,
      'stages',
    )
    .addSelect('c.created_at', 'createdAt')
    .addSelect('c.finished_at', 'finishedAt')
    .limit(limit);
  return qb.getRawMany<CaseExportRow>();
}
