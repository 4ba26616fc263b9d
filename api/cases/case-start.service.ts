// Starting a case over HTTP: who may start the process, the generated business key, whose case it is.
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ProcessGraph } from '../../bpmn/graph.types';
import { formatBusinessKey, nextBusinessKeyNumber } from '../../db/business-key.repository';
import type { CaseEntity } from '../../db/entities/case.entity';
import type { AuthUser } from '../auth/auth-user';
import { ApiError } from '../common/error-body';
import { DefinitionsService } from '../definitions/definitions.service';
import { mayStart } from './bpmn-permissions';
import { CasesService } from './cases.service';

export interface StartCaseBody {
  processKey: string;
  version?: number;
  /** generated (J01-2026-000123) when absent */
  businessKey?: string;
  variables: Record<string, unknown>;
}

/** Generated keys that collide with a hand-given one are skipped; this many in a row is not a coincidence. */
const GENERATED_KEY_ATTEMPTS = 5;

/** The year of an instant in Asia/Shanghai, the calendar business keys count in. */
export function shanghaiYear(at: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(at));
}

/**
 * Who started the case, as the case's own variables: an applicant is its `applicantId`, an employer's affiliation its
 * `employerId` (a different value given in the request is refused by the start scope in CasesService.create).
 */
export function starterVariables(
  user: AuthUser,
  variables: Record<string, unknown>,
): Record<string, unknown> {
  if (user.roles.includes('admin')) return variables;
  const out = { ...variables };
  if (user.roles.includes('applicant') && out.applicantId === undefined) out.applicantId = user.username;
  if (user.roles.includes('employer') && user.affiliation && out.employerId === undefined)
    out.employerId = user.affiliation;
  return out;
}

@Injectable()
export class CaseStartService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(DefinitionsService) private readonly definitions: DefinitionsService,
    @Inject(CasesService) private readonly cases: CasesService,
  ) {}

  async start(body: StartCaseBody, user: AuthUser): Promise<CaseEntity> {
    const def = await this.definitions.get(body.processKey, body.version);
    if (!mayStart(def.graph as ProcessGraph, user))
      throw new ApiError(
        403,
        `${user.username} may not start ${def.key}: rf:startableBy does not name any of their roles`,
        [{ field: 'processKey', message: `${def.key} is not startable by ${user.roles.join(', ')}` }],
        'NOT_STARTABLE',
      );
    const input = {
      processKey: def.key,
      version: def.version,
      variables: starterVariables(user, body.variables),
    };
    if (body.businessKey !== undefined)
      return this.cases.create({ ...input, businessKey: body.businessKey }, user);
    for (let attempt = 1; ; attempt += 1) {
      const n = await nextBusinessKeyNumber(this.dataSource.manager, def.key, shanghaiYear(new Date()));
      const businessKey = formatBusinessKey(def.key, shanghaiYear(new Date()), n);
      try {
        return await this.cases.create({ ...input, businessKey }, user);
      } catch (err) {
        if (!(err instanceof ApiError && err.getStatus() === 409) || attempt >= GENERATED_KEY_ATTEMPTS)
          throw err;
      }
    }
  }
}
