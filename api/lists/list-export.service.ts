// A list record as an Excel notice (.xlsx, exceljs): the heading (number, title, date, period, comment) above the
// table of the cases that went through. Labels are Chinese: the notice is an official Chinese document.
import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { ListRecordView } from './lists.service';

const DISTRICTS: Record<string, string> = {
  lixia: '历下区',
  shizhong: '市中区',
  huaiyin: '槐荫区',
  tianqiao: '天桥区',
  licheng: '历城区',
  changqing: '长清区',
};

const DECISIONS: Record<string, string> = {
  pass: '通过',
  reject: '不通过',
  return: '退回修改',
  submit: '提交',
  approve: '批准',
  upheld: '异议成立',
  unfounded: '异议不成立',
  recognise: '予以认定',
  employed: '仍在职',
  left: '已离职',
  fail: '不通过',
  excellent: '优秀',
  clear: '未发现问题',
  concerns: '发现问题',
  propose: '建议支持',
  downgrade: '降一等级',
  decline: '不予入选',
};

/** YYYY年M月D日 of a YYYY-MM-DD or ISO date. */
export const chineseDate = (d: string): string => {
  const [y, m, day] = d.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${day}日`;
};

export const EXPORT_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@Injectable()
export class ListExportService {
  async xlsx(r: ListRecordView): Promise<{ body: Buffer; fileName: string }> {
    const book = new ExcelJS.Workbook();
    book.creator = r.createdBy;
    const sheet = book.addWorksheet(r.kind === 'publish' ? '公示名单' : '审批名单');
    const publish = r.kind === 'publish';
    const headers = publish
      ? ['序号', '案件编号', '申请人', '区县', '意见']
      : ['序号', '案件编号', '申请人', '区县', '审核结论', '意见'];
    const width = headers.length;
    const line = (text: string, bold = false) => {
      const row = sheet.addRow([text]);
      sheet.mergeCells(row.number, 1, row.number, width);
      row.font = { bold, size: bold ? 14 : 11 };
      row.alignment = { horizontal: bold ? 'center' : 'left', wrapText: true };
    };
    line(`${r.title}`, true);
    line(`编号：${r.number}`);
    line(`${publish ? '发布日期' : '决定日期'}：${chineseDate(r.createdAt)}`);
    if (r.publicity)
      line(
        `公示期：${chineseDate(r.publicity.start)}至${chineseDate(r.publicity.end)}（${r.publicity.days}个${
          r.publicity.calendar === 'cn-workday' ? '工作日' : '自然日'
        }）`,
      );
    if (r.comment) line(`意见：${r.comment}`);
    sheet.addRow([]);
    sheet.addRow(headers).font = { bold: true };
    // exceljs writes strings as strings: nothing in a cell becomes a formula
    r.items
      .filter((i) => i.status === 'done')
      .forEach((i, n) => {
        const cells = [
          String(n + 1),
          i.businessKey,
          i.applicantName ?? '',
          i.district ? (DISTRICTS[i.district] ?? i.district) : '',
        ];
        if (!publish) cells.push(i.decision ? (DECISIONS[i.decision] ?? i.decision) : '办结');
        cells.push(i.comment ?? '');
        sheet.addRow(cells);
      });
    sheet.columns.forEach((c, n) => (c.width = n === 0 ? 8 : n === width - 1 ? 40 : 20));
    return {
      body: Buffer.from(await book.xlsx.writeBuffer()),
      fileName: `list-${r.year}-${r.seq}.xlsx`,
    };
  }
}
