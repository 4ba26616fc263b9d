// Export of the case search (案件查询) as CSV (UTF-8 with BOM, so Excel opens Chinese) or .xlsx (exceljs), in the
// caller's language, bounded to EXPORT_MAX_ROWS; the rows are those the search answers (the visibility gate included).
import { Inject, Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import type { CaseEntity } from '../../db/entities/case.entity';
import {
  type CaseExportRow,
  type CaseSearchFilter,
  type CaseSortField,
  countCases,
  exportCases,
} from '../../db/case-search.repository';
import type { AuthUser } from '../auth/auth-user';
import { CaseVisibility } from '../access/case-visibility.service';
import { ApiError } from '../common/error-body';
import type { Sort } from '../common/paging';

export const EXPORT_MAX_ROWS = 10_000;
export type ExportFormat = 'csv' | 'xlsx';
export type ExportLang = 'zh' | 'en';

const LABELS = {
  zh: {
    sheet: '案件',
    headers: ['案件编号', '流程', '申请人', '区县', '状态', '结果', '当前环节', '申报时间', '办结时间'],
    status: { active: '办理中', completed: '已办结', terminated: '已终止', failed: '异常' } as Record<
      string,
      string
    >,
    outcome: { approved: '已通过', rejected: '已驳回', withdrawn: '已撤回' } as Record<string, string>,
    district: {
      lixia: '历下区',
      shizhong: '市中区',
      huaiyin: '槐荫区',
      tianqiao: '天桥区',
      licheng: '历城区',
      changqing: '长清区',
    } as Record<string, string>,
  },
  en: {
    sheet: 'Cases',
    headers: [
      'Case no.',
      'Procedure',
      'Applicant',
      'District',
      'Status',
      'Outcome',
      'Current step',
      'Started',
      'Finished',
    ],
    status: {
      active: 'In progress',
      completed: 'Completed',
      terminated: 'Terminated',
      failed: 'Incident',
    } as Record<string, string>,
    outcome: { approved: 'Approved', rejected: 'Rejected', withdrawn: 'Withdrawn' } as Record<string, string>,
    district: {
      lixia: 'Lixia',
      shizhong: 'Shizhong',
      huaiyin: 'Huaiyin',
      tianqiao: 'Tianqiao',
      licheng: 'Licheng',
      changqing: 'Changqing',
    } as Record<string, string>,
  },
};

const shanghai = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});
const when = (d: Date | string | null) => (d ? shanghai.format(new Date(d)) : '');

/** One row as the cells a person reads. */
export function exportCells(r: CaseExportRow, lang: ExportLang): string[] {
  const l = LABELS[lang];
  return [
    r.businessKey,
    r.processName ?? r.processKey,
    r.applicantName ?? '',
    r.district ? (l.district[r.district] ?? r.district) : '',
    l.status[r.status] ?? r.status,
    r.outcome ? (l.outcome[r.outcome] ?? r.outcome) : '',
    (r.stages ?? []).join('、'),
    when(r.createdAt),
    when(r.finishedAt),
  ];
}

/** A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) is kept as text. */
export const csvSafe = (s: string): string => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
const csvCell = (s: string) => {
  const v = csvSafe(s);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
};

@Injectable()
export class CaseExportService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseVisibility) private readonly visibility: CaseVisibility,
  ) {}

  async export(
    filter: CaseSearchFilter,
    sort: Sort<CaseSortField>,
    user: AuthUser,
    format: ExportFormat,
    lang: ExportLang,
  ): Promise<{ body: Buffer; contentType: string; fileName: string; rows: number }> {
    const restrict = (qb: SelectQueryBuilder<CaseEntity>) => this.visibility.restrict(qb, user, 'c');
    const total = await countCases(this.dataSource.manager, filter, restrict);
    if (total > EXPORT_MAX_ROWS)
      throw new ApiError(
        413,
        `The search matches ${total} cases; an export holds at most ${EXPORT_MAX_ROWS}. Narrow the filters.`,
        undefined,
        'EXPORT_TOO_LARGE',
      );
    const rows = await exportCases(this.dataSource.manager, filter, restrict, sort, EXPORT_MAX_ROWS);
    const l = LABELS[lang];
    const cells = rows.map((r) => exportCells(r, lang));
    const stamp = when(new Date()).slice(0, 10);
    if (format === 'csv') {
      const lines = [l.headers, ...cells].map((row) => row.map(csvCell).join(','));
      return {
        body: Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8'),
        contentType: 'text/csv; charset=utf-8',
        fileName: `cases-${stamp}.csv`,
        rows: rows.length,
      };
    }
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet(l.sheet);
    sheet.addRow(l.headers).font = { bold: true };
    // exceljs writes strings as strings: nothing in a cell becomes a formula
    for (const row of cells) sheet.addRow(row);
    sheet.columns.forEach((c) => (c.width = 18));
    return {
      body: Buffer.from(await book.xlsx.writeBuffer()),
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      fileName: `cases-${stamp}.xlsx`,
      rows: rows.length,
    };
  }
}
