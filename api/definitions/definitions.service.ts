// Deploys compiled BPMN as immutable, numbered versions of a process key.
import { createHash } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { type CompileError, type CompileResult, compileBpmn } from '../../bpmn/compile/compile-bpmn';
import { BUILT_IN_TASK_TYPES } from '../../bpmn/task-types';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ProcessDefinitionEntity } from '../../db/entities/process-definition.entity';
import type { AuthUser } from '../auth/auth-user';
import { mayStart } from '../cases/bpmn-permissions';
import { ApiError, notFound } from '../common/error-body';
import { DecisionsService } from '../decisions/decisions.service';
import { FormsService } from '../forms/forms.service';
import { advisoryXactLock } from '../../db/advisory-locks.repository';
import { listLatestDefinitions, nextDefinitionVersion } from '../../db/process-definitions.repository';
import { DEPLOY_LOCK_CLASS } from '../../db/timer-starts.repository';
import type { ProcessGraph } from '../../bpmn/graph.types';
import { type TimerStartView, TimerStartsService, firstFires } from './timer-starts.service';

export const MAX_DEFINITION_BYTES = 5 * 1024 * 1024;

export interface DeployResult {
  created: boolean;
  definition: ProcessDefinitionEntity;
  /** what was ignored or only linted (compileBpmn warnings), and schedules that could not start; empty when none */
  warnings: CompileError[];
  /** the first fire of each timer start event; empty when none */
  timerStarts: TimerStartView[];
}

function constraintOf(err: unknown): string | undefined {
  if (!(err instanceof QueryFailedError)) return undefined;
  return (err.driverError as { constraint?: string } | undefined)?.constraint;
}

@Injectable()
export class DefinitionsService {
  private readonly forms: FormsService;
  private readonly decisions: DecisionsService;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    // optional for callers outside Nest (boot-time loader, tests)
    @Inject(FormsService) forms?: FormsService,
    @Inject(DecisionsService) decisions?: DecisionsService,
    @Optional() @Inject(APP_CONFIG) private readonly config?: AppConfig,
    @Optional() @Inject(TimerStartsService) private readonly timerStarts?: TimerStartsService,
  ) {
    this.forms = forms ?? new FormsService(dataSource);
    this.decisions = decisions ?? new DecisionsService(dataSource);
  }

  /** Deploys a DMN document (POST /decisions); the boot loader deploys processes/decisions/*.dmn through here first. */
  deployDecisions(xml: string, deployedBy: string): ReturnType<DecisionsService['deploy']> {
    return this.decisions.deploy(xml, deployedBy);
  }

  /** Deploys a Camunda Form (POST /forms); the boot loader deploys processes/forms/*.form through here first. */
  deployForm(schema: unknown, deployedBy: string): ReturnType<FormsService['deploy']> {
    return this.forms.deploy(schema, deployedBy);
  }

  /** `now`: the instant a timer start's first fire is judged from (the app clock: a moved dev clock counts). */
  async deploy(xml: string, deployedBy: string, now: number = Date.now()): Promise<DeployResult> {
    if (Buffer.byteLength(xml, 'utf8') > MAX_DEFINITION_BYTES)
      throw new ApiError(
        413,
        `BPMN document is larger than ${MAX_DEFINITION_BYTES} bytes`,
        undefined,
        'DEFINITION_TOO_LARGE',
      );
    if (xml.trim() === '')
      throw new ApiError(
        400,
        'Request body must be BPMN XML (Content-Type: application/xml)',
        undefined,
        'BPMN_INVALID',
      );
    const compiled: CompileResult = await compileBpmn(xml, {
      ...(this.config?.unknownTaskTypes === 'refuse' ? { knownTaskTypes: BUILT_IN_TASK_TYPES } : {}),
      lint: true,
      resolveForm: this.forms.resolve,
      resolveDecision: this.decisions.resolve,
    }).catch((err: unknown) => ({
      ok: false as const,
      errors: [{ message: `BPMN could not be read: ${err instanceof Error ? err.message : String(err)}` }],
    }));
    if (!compiled.ok) {
      const details = compiled.errors.map((e) => ({
        ...(e.elementId ? { elementId: e.elementId } : {}),
        ...(e.code ? { code: e.code } : {}),
        message: e.message,
      }));
      const refused = new ApiError(
        400,
        `Invalid BPMN: ${details.length} problem(s)`,
        details,
        'BPMN_INVALID',
      );
      // the warnings travel beside the errors (details keeps its contract shape)
      if (compiled.warnings?.length)
        Object.assign(refused.getResponse() as object, { warnings: compiled.warnings });
      throw refused;
    }
    const { graph } = compiled;
    const warnings = compiled.warnings ?? [];
    const key = graph.processId;
    // Byte-identical redeploys are recognised by the hash of the XML itself.
    // With business rule tasks, the decision versions bound count too: a new table version makes a new version.
    const bound = Object.values(graph.nodes)
      .flatMap((n) => (n.kind === 'businessRuleTask' ? [`${n.decisionId}@${n.decision.version}`] : []))
      .sort();
    const contentHash = createHash('sha256')
      .update(bound.length ? `${xml}\n${bound.join(',')}` : xml, 'utf8')
      .digest('hex');
    const name = graph.name ?? key;
    const stored = await this.dataSource.transaction(async (tx) => {
      // Serialise deploys of one key: versions stay gap-free and identical documents share one version.
      await advisoryXactLock(tx, DEPLOY_LOCK_CLASS, key);
      const repo = tx.getRepository(ProcessDefinitionEntity);
      const same = await repo.findOneBy({ key, contentHash });
      if (same) return { created: false, definition: same };
      // a new version whose timer start would never fire (a timeDate or a bounded cycle wholly in the past)
      const never = firstFires(graph, now).filter((t) => t.nextFireAt === null);
      if (never.length)
        throw new ApiError(
          400,
          `Invalid BPMN: ${never.length} problem(s)`,
          never.map((t) => ({
            elementId: t.elementId,
            code: 'TIMER_START_NEVER_FIRES',
            message:
              'the timer start event would never fire: its timeDate (or every fire of its cycle) is in the past',
          })),
          'BPMN_INVALID',
        );
      const version = await nextDefinitionVersion(tx, key);
      try {
        const saved = await repo.save(
          repo.create({ key, version, name, xml, graph, contentHash, deployedBy }),
        );
        return { created: true, definition: saved };
      } catch (err) {
        if (constraintOf(err)?.startsWith('uq_process_definitions'))
          throw new ApiError(409, `A concurrent deploy of ${key} won; retry`);
        throw err;
      }
    });
    return this.withTimerStarts(stored, warnings, now);
  }

  /**
   * Timer start events (Camunda 8): this version's schedules start and a new version ends the older ones' — for every
   * deploy path (POST /process-definitions, Camunda's /v2/deployments). Callers outside Nest (the boot loader) have no
   * Temporal client: the API's start-up sync starts theirs.
   */
  private async withTimerStarts(
    stored: { created: boolean; definition: ProcessDefinitionEntity },
    warnings: CompileError[],
    now: number,
  ): Promise<DeployResult> {
    const timerStarts = firstFires(stored.definition.graph as ProcessGraph, now);
    const scheduling = this.timerStarts
      ? await this.timerStarts.afterDeploy(stored.definition, stored.created)
      : [];
    return { ...stored, warnings: [...warnings, ...scheduling], timerStarts };
  }

  /** The version holding exactly these bytes, if any: lets boot-time loading skip compiling unchanged files. */
  async findIdentical(xml: string): Promise<ProcessDefinitionEntity | null> {
    const contentHash = createHash('sha256').update(xml, 'utf8').digest('hex');
    return this.dataSource
      .getRepository(ProcessDefinitionEntity)
      .findOne({ where: { contentHash }, order: { version: 'ASC' } });
  }

  /** Every process key at its latest version; `startableBy`: only those whose latest version that user may start. */
  async list(startableBy?: AuthUser): Promise<{ key: string; name: string; latestVersion: number }[]> {
    const rows = await listLatestDefinitions(this.dataSource);
    return rows
      .filter((r) => !startableBy || mayStart({ startableBy: r.startable_by ?? undefined }, startableBy))
      .map((r) => ({ key: r.key, name: r.name, latestVersion: Number(r.version) }));
  }

  async get(key: string, version?: number): Promise<ProcessDefinitionEntity> {
    const repo = this.dataSource.getRepository(ProcessDefinitionEntity);
    const row =
      version !== undefined
        ? await repo.findOneBy({ key, version })
        : await repo.findOne({ where: { key }, order: { version: 'DESC' } });
    if (!row)
      throw notFound(
        `Process definition ${key}${version !== undefined ? ` version ${version}` : ''} not found`,
      );
    return row;
  }
}
