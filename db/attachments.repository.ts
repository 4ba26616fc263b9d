// SQL of the attachments: metadata rows, binding to cases, and the PostgreSQL blob store.
import type { EntityManager } from 'typeorm';
import { AttachmentBlobEntity } from './entities/attachment-blob.entity';
import { AttachmentEntity } from './entities/attachment.entity';

export type NewAttachment = Pick<
  AttachmentEntity,
  'fileName' | 'mediaType' | 'sizeBytes' | 'sha256' | 'storage' | 'storageKey' | 'uploadedBy' | 'field'
>;

export async function insertAttachment(m: EntityManager, row: NewAttachment): Promise<AttachmentEntity> {
  const repo = m.getRepository(AttachmentEntity);
  return repo.save(repo.create({ ...row, caseId: null, boundAt: null }));
}

export async function findAttachment(m: EntityManager, id: string): Promise<AttachmentEntity | null> {
  return m.getRepository(AttachmentEntity).findOneBy({ id });
}

export async function findAttachments(m: EntityManager, ids: string[]): Promise<AttachmentEntity[]> {
  if (ids.length === 0) return [];
  return m
    .getRepository(AttachmentEntity)
    .createQueryBuilder('a')
    .where('a.id = ANY(:ids::uuid[])', { ids })
    .getMany();
}

export async function listCaseAttachments(m: EntityManager, caseId: string): Promise<AttachmentEntity[]> {
  return m
    .getRepository(AttachmentEntity)
    .createQueryBuilder('a')
    .where('a.caseId = :caseId', { caseId })
    .orderBy('a.createdAt', 'ASC')
    .addOrderBy('a.id', 'ASC')
    .getMany();
}

/**
 * Binds the caller's unbound uploads to a case (idempotent: rows already bound to this case stay as they are).
 * Returns how many rows changed.
 */
export async function bindAttachments(
  m: EntityManager,
  caseId: string,
  refs: { id: string; field: string | null }[],
  uploadedBy: string,
): Promise<number> {
  let changed = 0;
  for (const ref of refs) {
    const res = await m.query(
      `UPDATE attachments SET case_id = $1, bound_at = now(), field = COALESCE(field, $3)
        WHERE id = $2 AND case_id IS NULL AND uploaded_by = $4`,
      [caseId, ref.id, ref.field, uploadedBy],
    );
    changed += Array.isArray(res) && typeof res[1] === 'number' ? res[1] : 0;
  }
  return changed;
}

/**
 * Repairs bindings a crash left undone (the case or completion was committed, the bind was not): unbound uploads
 * among `ids` (referenced by the case's variables) whose uploader started the case, is its applicant, or completed
 * one of its tasks, are bound to it now.
 */
export async function repairBindings(m: EntityManager, caseId: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const res: unknown = await m.query(
    `UPDATE attachments a SET case_id = c.id, bound_at = now()
       FROM cases c
      WHERE c.id = $1 AND a.id = ANY($2::uuid[]) AND a.case_id IS NULL
        AND (a.uploaded_by = c.created_by OR a.uploaded_by = c.applicant_id
             OR EXISTS (SELECT 1 FROM tasks t WHERE t.case_id = c.id AND t.completed_by = a.uploaded_by))`,
    [caseId, ids],
  );
  return Array.isArray(res) && typeof res[1] === 'number' ? res[1] : 0;
}

/** Content-addressed: the same bytes uploaded twice are stored once. */
export async function putBlob(m: EntityManager, sha256: string, content: Buffer): Promise<void> {
  await m.query(
    `INSERT INTO attachment_blobs (sha256, content) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING`,
    [sha256, content],
  );
}

export async function getBlob(m: EntityManager, sha256: string): Promise<Buffer | undefined> {
  const row = await m.getRepository(AttachmentBlobEntity).findOneBy({ sha256 });
  return row?.content;
}
