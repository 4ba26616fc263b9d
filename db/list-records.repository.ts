// SQL of list_records: numbers are allocated per year under an advisory lock, so 〔year〕第n号 stays gap-free while
// lists are created concurrently.
import type { DataSource, EntityManager } from 'typeorm';
import {
  ListRecordEntity,
  type ListRecordItem,
  type ListRecordKind,
  type ListRecordPublicity,
} from './entities/list-record.entity';

const LIST_NUMBER_LOCK_CLASS = 0x52464c4e; // 'RFLN'

export interface NewListRecord {
  year: number;
  title: string;
  kind: ListRecordKind;
  processKey: string;
  processVersion: number;
  elementId: string;
  stageName: string;
  comment: string | null;
  items: ListRecordItem[];
  createdBy: string;
}

/** Creates a running record with the next number of its year. */
export async function createListRecord(
  dataSource: DataSource,
  input: NewListRecord,
): Promise<ListRecordEntity> {
  return dataSource.transaction(async (tx: EntityManager) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [LIST_NUMBER_LOCK_CLASS, input.year]);
    const rows: { next: number }[] = await tx.query(
      'SELECT coalesce(max(seq), 0) + 1 AS next FROM list_records WHERE year = $1',
      [input.year],
    );
    const repo = tx.getRepository(ListRecordEntity);
    return repo.save(
      repo.create({
        ...input,
        seq: Number(rows[0]?.next ?? 1),
        batchIds: [],
        publicity: null,
        status: 'running',
      }),
    );
  });
}

/** Records the outcome of the record's batches and closes it. */
export async function finishListRecord(
  dataSource: DataSource,
  id: string,
  outcome: { items: ListRecordItem[]; batchIds: string[]; publicity: ListRecordPublicity | null },
): Promise<void> {
  await dataSource
    .getRepository(ListRecordEntity)
    .update({ id }, { ...outcome, status: 'finished' } as Partial<ListRecordEntity>);
}

/** A record none of whose cases went through: it is no official act, and its number goes back. */
export async function deleteListRecord(dataSource: DataSource, id: string): Promise<void> {
  await dataSource.getRepository(ListRecordEntity).delete({ id });
}

export async function findListRecord(dataSource: DataSource, id: string): Promise<ListRecordEntity | null> {
  return dataSource.getRepository(ListRecordEntity).findOneBy({ id });
}

/** Newest first. */
export async function listListRecords(
  dataSource: DataSource,
  page: { limit: number; offset: number; year?: number },
): Promise<{ items: ListRecordEntity[]; total: number }> {
  const [items, total] = await dataSource.getRepository(ListRecordEntity).findAndCount({
    where: page.year !== undefined ? { year: page.year } : {},
    order: { year: 'DESC', seq: 'DESC' },
    take: page.limit,
    skip: page.offset,
  });
  return { items, total };
}
