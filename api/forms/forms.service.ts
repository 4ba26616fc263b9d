// Camunda Forms deployed on their own and versioned per form id: identical content keeps its version.
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { canonicalJson } from '../../bpmn/compile/canonical-json';
import { parseFormSchema } from '../../bpmn/forms/form-schema';
import type { FormEntity } from '../../db/entities/form.entity';
import { findForm, saveFormVersion } from '../../db/forms.repository';
import { ApiError, notFound } from '../common/error-body';

const FORM_ID = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,199}$/;

export interface FormDeployResult {
  created: boolean;
  form: FormEntity;
}

export const formView = (f: FormEntity) => ({
  id: f.id,
  formId: f.formId,
  version: f.version,
  schema: f.schema,
  deployedAt: f.deployedAt.toISOString(),
});

@Injectable()
export class FormsService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Validates and stores a form JSON; 400 INVALID_FORM with details[].field for what cannot be read. */
  async deploy(schema: unknown, deployedBy: string): Promise<FormDeployResult> {
    const formId = (schema as { id?: unknown } | null)?.id;
    if (schema === null || typeof schema !== 'object' || Array.isArray(schema))
      throw new ApiError(400, 'The body must be a Camunda Forms JSON object', undefined, 'INVALID_FORM');
    if (typeof formId !== 'string' || !FORM_ID.test(formId))
      throw new ApiError(
        400,
        'Invalid form: it needs an id',
        [
          {
            field: 'id',
            message: 'must be the form id (letters, digits, _ . : -), e.g. "j11b-expert-score"',
          },
        ],
        'INVALID_FORM',
      );
    const parsed = parseFormSchema(schema);
    if (!parsed.ok)
      throw new ApiError(
        400,
        `Invalid form: ${parsed.problems.length} problem(s)`,
        parsed.problems.map((p) => ({ field: p.path ?? 'components', message: p.message })),
        'INVALID_FORM',
      );
    const contentHash = createHash('sha256').update(canonicalJson(schema)).digest('hex');
    try {
      return await saveFormVersion(this.dataSource, { formId, schema, contentHash, deployedBy });
    } catch (err) {
      const constraint =
        err instanceof QueryFailedError
          ? (err.driverError as { constraint?: string } | undefined)?.constraint
          : undefined;
      if (constraint?.startsWith('uq_forms'))
        throw new ApiError(409, `A concurrent deploy of ${formId} won; retry`);
      throw err;
    }
  }

  async get(formId: string, version?: number): Promise<FormEntity> {
    const form = await findForm(this.dataSource, formId, version);
    if (!form)
      throw notFound(`Form ${formId}${version !== undefined ? ` version ${version}` : ''} not found`);
    return form;
  }

  /** For the BPMN compiler: the latest version of a linked form. */
  resolve = async (formId: string): Promise<{ version: number; schema: unknown } | undefined> => {
    const form = await findForm(this.dataSource, formId);
    return form ? { version: form.version, schema: form.schema } : undefined;
  };
}
