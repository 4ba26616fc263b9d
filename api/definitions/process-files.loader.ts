// Boot-time deployment of the programme files in processes/ (embedded default): every *.bpmn is deployed through the
// same service as POST /process-definitions, so identical bytes keep their version and a changed file gets a new one.
// A broken file costs one log line and never stops the boot.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../common/error-body';
import type { DeployResult } from './definitions.service';

export const PROCESS_FILES_DEPLOYER = 'system:processes';

export interface ProcessFileOutcome {
  file: string;
  status: 'created' | 'unchanged' | 'invalid';
  key?: string;
  version?: number;
  message?: string;
}

export interface Deployer {
  deploy(xml: string, deployedBy: string): Promise<DeployResult>;
  /** Camunda Forms in `<dir>/forms/*.form`, deployed before the BPMN that links them */
  deployForm?(
    schema: unknown,
    deployedBy: string,
  ): Promise<{ created: boolean; form: { formId: string; version: number } }>;
  /** DMN files in `<dir>/decisions/*.dmn`, deployed before the BPMN whose business rule tasks call them */
  deployDecisions?(xml: string, deployedBy: string): Promise<unknown>;
  findIdentical?(xml: string): Promise<{ key: string; version: number } | null>;
}

/**
 * Where to load from: `PROCESSES_DIR` if set (`off` disables), else `processes/` under the working directory,
 * except in production, where nothing is loaded unless `PROCESSES_DIR` is set.
 */
export function processesDirFrom(env: NodeJS.ProcessEnv, production: boolean): string | undefined {
  const value = env.PROCESSES_DIR?.trim();
  if (value === 'off') return undefined;
  if (value) return path.resolve(value);
  return production ? undefined : path.resolve('processes');
}

function describe(err: unknown): string {
  if (err instanceof ApiError) {
    const body = err.getResponse() as {
      message?: string;
      details?: { elementId?: string; message: string }[];
    };
    const details = body.details ?? [];
    if (details.length === 0) return body.message ?? err.message;
    return details.map((d) => (d.elementId ? `element ${d.elementId}: ${d.message}` : d.message)).join('; ');
  }
  return err instanceof Error ? err.message : String(err);
}

/** Deploys every `*.bpmn` in `dir` (sorted by name); `explicit` makes a missing directory worth a line. */
export async function deployProcessFiles(
  deployer: Deployer,
  dir: string,
  log: (line: string) => void,
  explicit = false,
): Promise<ProcessFileOutcome[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.bpmn')).sort();
  } catch (err) {
    if (explicit || (err as NodeJS.ErrnoException).code !== 'ENOENT')
      log(
        `processes: cannot read ${dir} (${(err as NodeJS.ErrnoException).code ?? describe(err)}); nothing deployed`,
      );
    return [];
  }
  await deployFormFiles(deployer, path.join(dir, 'forms'), log);
  await deployDecisionFiles(deployer, path.join(dir, 'decisions'), log);
  const outcomes: ProcessFileOutcome[] = [];
  for (const file of names) {
    try {
      const xml = await readFile(path.join(dir, file), 'utf8');
      const known = await deployer.findIdentical?.(xml);
      if (known) {
        outcomes.push({ file, status: 'unchanged', key: known.key, version: known.version });
        continue;
      }
      const { created, definition } = await deployer.deploy(xml, PROCESS_FILES_DEPLOYER);
      outcomes.push({
        file,
        status: created ? 'created' : 'unchanged',
        key: definition.key,
        version: definition.version,
      });
    } catch (err) {
      const message = describe(err);
      log(`processes: ${file} not deployed: ${message}`);
      outcomes.push({ file, status: 'invalid', message });
    }
  }
  return outcomes;
}

/** Deploys every `*.form` in `dir` (missing dir: nothing); a broken form is one log line. */
async function deployFormFiles(deployer: Deployer, dir: string, log: (line: string) => void): Promise<void> {
  if (!deployer.deployForm) return;
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.form')).sort();
  } catch {
    return;
  }
  for (const file of names) {
    try {
      const schema = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as unknown;
      await deployer.deployForm(schema, PROCESS_FILES_DEPLOYER);
    } catch (err) {
      log(`processes: form ${file} not deployed: ${describe(err)}`);
    }
  }
}

/** Deploys every `*.dmn` in `dir` (missing dir: nothing); a broken file is one log line. */
async function deployDecisionFiles(
  deployer: Deployer,
  dir: string,
  log: (line: string) => void,
): Promise<void> {
  if (!deployer.deployDecisions) return;
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.dmn')).sort();
  } catch {
    return;
  }
  for (const file of names) {
    try {
      await deployer.deployDecisions(await readFile(path.join(dir, file), 'utf8'), PROCESS_FILES_DEPLOYER);
    } catch (err) {
      log(`processes: decisions ${file} not deployed: ${describe(err)}`);
    }
  }
}

/** One summary line for the boot log, e.g. `processes: 2 deployed (j01… v1 new, j03a… v1), 1 refused`. */
export function summarizeProcessFiles(outcomes: ProcessFileOutcome[]): string {
  const ok = outcomes.filter((o) => o.status !== 'invalid');
  const refused = outcomes.length - ok.length;
  const list = ok.map((o) => `${o.key} v${o.version}${o.status === 'created' ? ' new' : ''}`).join(', ');
  return `processes: ${ok.length} deployed${ok.length ? ` (${list})` : ''}${refused ? `, ${refused} refused` : ''}`;
}
