// What the v2 answers need beside the v1 services' rows: the process version of the cases of a page of tasks.
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { CaseEntity } from '../../db/entities/case.entity';

@Injectable()
export class CamundaV2ReadService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** case id → process version, for cases the caller was already shown (no visibility check here). */
  async versionsOf(caseIds: string[]): Promise<Map<string, number>> {
    const ids = [...new Set(caseIds)];
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(CaseEntity)
      .find({ select: { id: true, processVersion: true }, where: { id: In(ids) } });
    return new Map(rows.map((r) => [r.id, r.processVersion]));
  }
}
