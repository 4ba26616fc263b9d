// Attachments: upload (sniffed, hashed, stored durably, owned by the uploader until bound), binding to a case when a
// case creation or task completion references the id, and reads gated by the case visibility rule.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  bindAttachments,
  findAttachment,
  findAttachments,
  insertAttachment,
  listCaseAttachments,
  repairBindings,
} from '../../db/attachments.repository';
import type { AttachmentEntity } from '../../db/entities/attachment.entity';
import { CaseVisibility } from '../access/case-visibility.service';
import type { AuthUser } from '../auth/auth-user';
import { ApiError, notFound } from '../common/error-body';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ATTACHMENT_STORE, type AttachmentStore, sha256Hex } from './attachment-store';
import { safeFileName, sniffContent } from './content-sniff';

export interface AttachmentView {
  id: string;
  caseId: string | null;
  field: string | null;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  createdAt: string;
}

export function attachmentView(a: AttachmentEntity): AttachmentView {
  return {
    id: a.id,
    caseId: a.caseId,
    field: a.field,
    fileName: a.fileName,
    mediaType: a.mediaType,
    size: a.sizeBytes,
    sha256: a.sha256,
    uploadedBy: a.uploadedBy,
    createdAt: a.createdAt.toISOString(),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Attachment ids referenced by variables: top-level string values and string arrays that look like uuids. */
export function referencedIds(
  variables: Record<string, unknown> | undefined,
): { id: string; field: string }[] {
  const refs: { id: string; field: string }[] = [];
  for (const [field, value] of Object.entries(variables ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values)
      if (typeof v === 'string' && UUID.test(v)) refs.push({ id: v.toLowerCase(), field });
  }
  return refs;
}

@Injectable()
export class AttachmentsService {
  private readonly logger = new Logger('AttachmentsService');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CaseVisibility) private readonly visibility: CaseVisibility,
  ) {}

  get maxBytes(): number {
    return this.config.attachmentMaxBytes;
  }

  async upload(
    content: Buffer,
    input: { fileName?: string; field?: string },
    user: AuthUser,
  ): Promise<AttachmentView> {
    if (content.length > this.maxBytes) throw tooLarge(this.maxBytes);
    if (content.length === 0)
      throw new ApiError(400, 'The file is empty', [{ field: 'file', message: 'is empty' }], 'FILE_EMPTY');
    const sniffed = sniffContent(content);
    if (!sniffed)
      throw new ApiError(
        415,
        'Only PDF, PNG, JPEG, GIF, WebP and Office documents (docx, xlsx, pptx, doc, xls) are accepted',
        [{ field: 'file', message: 'content is not an accepted type' }],
        'UNSUPPORTED_TYPE',
      );
    const sha256 = sha256Hex(content);
    const storageKey = await this.store.put(sha256, content);
    const row = await insertAttachment(this.dataSource.manager, {
      fileName: safeFileName(input.fileName, sniffed),
      mediaType: sniffed.mediaType,
      sizeBytes: content.length,
      sha256,
      storage: this.store.kind,
      storageKey,
      uploadedBy: user.username,
      field: input.field ?? null,
    });
    return attachmentView(row);
  }

  /** The attachment if the caller may read it: its uploader before binding, else whoever sees its case. */
  async readable(id: string, user: AuthUser): Promise<AttachmentEntity> {
    const row = UUID.test(id) ? await findAttachment(this.dataSource.manager, id) : null;
    if (!row) throw notFound(`Attachment ${id} not found`);
    if (row.caseId === null) {
      if (row.uploadedBy !== user.username) throw notFound(`Attachment ${id} not found`);
      return row;
    }
    if (row.uploadedBy === user.username) return row;
    if (!(await this.visibility.find(user, row.caseId))) throw notFound(`Attachment ${id} not found`);
    return row;
  }

  async content(id: string, user: AuthUser): Promise<{ row: AttachmentEntity; content: Buffer }> {
    const row = await this.readable(id, user);
    const content = await this.store.get(row.storageKey);
    if (!content || sha256Hex(content) !== row.sha256) {
      this.logger.error({ attachmentId: id, storage: row.storage }, 'attachment content missing or corrupt');
      throw new ApiError(
        404,
        `Content of attachment ${id} is not available`,
        undefined,
        'CONTENT_UNAVAILABLE',
      );
    }
    return { row, content };
  }

  async listForCase(caseId: string, user: AuthUser): Promise<AttachmentView[]> {
    const row = await this.visibility.assertCanSee(user, caseId);
    // Uploads the case references but a crash left unbound are bound now (idempotent, usually a no-op).
    const referenced = referencedIds(row.variables).map((r) => r.id);
    if (referenced.length > 0) await repairBindings(this.dataSource.manager, caseId, referenced);
    return (await listCaseAttachments(this.dataSource.manager, caseId)).map(attachmentView);
  }

  /**
   * Before a case creation or completion: every referenced id that is an attachment must be the caller's own unbound
   * upload (or already bound to `caseId`). Other uuids are not attachments and are left alone. 400 otherwise.
   */
  async checkReferences(variables: Record<string, unknown> | undefined, user: AuthUser, caseId?: string) {
    const refs = referencedIds(variables);
    const rows = await findAttachments(
      this.dataSource.manager,
      refs.map((r) => r.id),
    );
    const bad = refs.filter((r) => {
      const row = rows.find((a) => a.id === r.id);
      if (!row) return false;
      if (caseId !== undefined && row.caseId === caseId) return false;
      return row.caseId !== null || row.uploadedBy !== user.username;
    });
    if (bad.length > 0)
      throw new ApiError(
        400,
        `Attachment ${bad[0]!.id} cannot be used here`,
        bad.map((r) => ({ field: r.field, message: 'is not an attachment you uploaded for this case' })),
        'ATTACHMENT_NOT_USABLE',
      );
    return refs.filter((r) => rows.some((a) => a.id === r.id));
  }

  /** After the case exists / the completion was accepted: binds the caller's referenced uploads to the case. */
  async bindReferences(caseId: string, variables: Record<string, unknown> | undefined, user: AuthUser) {
    const refs = referencedIds(variables);
    if (refs.length === 0) return 0;
    return bindAttachments(this.dataSource.manager, caseId, refs, user.username);
  }
}

export function tooLarge(maxBytes: number): ApiError {
  return new ApiError(
    413,
    `The file is larger than ${Math.floor(maxBytes / (1024 * 1024)) || maxBytes} ${maxBytes >= 1024 * 1024 ? 'MB' : 'bytes'}`,
    [{ field: 'file', message: `exceeds ${maxBytes} bytes` }],
    'FILE_TOO_LARGE',
  );
}
