// SQL of the forms table: versions are allocated under an advisory lock per form id, so they stay gap-free and a
// byte-identical redeploy finds its version.
import type { DataSource, EntityManager } from 'typeorm';
import { FormEntity } from './entities/form.entity';

const FORM_LOCK_CLASS = 0x5246464d; // 'RFFM'

export interface SavedForm {
  created: boolean;
  form: FormEntity;
}

/** Stores `schema` as the next version of `formId`, or answers the version holding the same content. */
export async function saveFormVersion(
  dataSource: DataSource,
  input: { formId: string; schema: unknown; contentHash: string; deployedBy: string },
): Promise<SavedForm> {
  return dataSource.transaction(async (tx: EntityManager) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [FORM_LOCK_CLASS, input.formId]);
    const repo = tx.getRepository(FormEntity);
    const same = await repo.findOneBy({ formId: input.formId, contentHash: input.contentHash });
    if (same) return { created: false, form: same };
    const rows: { next: number }[] = await tx.query(
      'SELECT coalesce(max(version), 0) + 1 AS next FROM forms WHERE form_id = $1',
      [input.formId],
    );
    const form = await repo.save(repo.create({ ...input, version: Number(rows[0]?.next ?? 1) }));
    return { created: true, form };
  });
}

/** The latest version of a form, or the given one; null when there is none. */
export async function findForm(
  dataSource: DataSource,
  formId: string,
  version?: number,
): Promise<FormEntity | null> {
  const repo = dataSource.getRepository(FormEntity);
  return version !== undefined
    ? repo.findOneBy({ formId, version })
    : repo.findOne({ where: { formId }, order: { version: 'DESC' } });
}

/** The schema of one form version (null when unknown). */
export async function formSchemaOf(db: DataSource, formId: string, version: number): Promise<unknown> {
  const rows: { schema: unknown }[] = await db.query(
    'SELECT schema FROM forms WHERE form_id = $1 AND version = $2',
    [formId, version],
  );
  return rows[0]?.schema ?? null;
}
