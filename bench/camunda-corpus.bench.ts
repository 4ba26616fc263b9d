// How many real Camunda 8 process files deploy (compile) and run to an end in the pure engine (issue 15).
//
// The corpus is other projects' files: it lives under .tmp/corpus/ (git-ignored) and is never committed.
//   Build it:  npx tsx bench/camunda-corpus.bench.ts --build
//              (reads each repository below from $CORPUS_MIRRORS/<owner>+<name>/repo, a bare git dir, when present;
//               else shallow-clones https://github.com/<owner>/<name> into .tmp/corpus-src/)
//   Measure:   npx tsx bench/camunda-corpus.bench.ts [--json] [--list <reason substring>]
//
// A file counts as Camunda 8 when it declares the zeebe namespace or executionPlatform "Camunda Cloud".
// It counts as valid for Camunda 8 when Camunda Modeler's lint (camunda-compat, for the version the file declares,
// else 8.8) finds no error in it: the files Zeebe would deploy. Deploying here means compileBpmn with { lint: true },
// as POST /process-definitions does.
// Linked forms (zeebe:formDefinition formId) resolve to the .form files of the same repository, as if deployed
// with the process. Running: a generic job worker completes every job and user task with no variables, fires the earliest
// timer, correlates every open subscription and completes every child; at most MAX_EVENTS events per file.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { Linter, type LintReport } from 'bpmnlint';
import NodeResolver from 'bpmnlint/lib/resolver/node-resolver';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { withoutDanglingPlanes } from '../bpmn/compile/camunda-lint';
import { compileBpmn } from '../bpmn/compile/compile-bpmn';
import { EngineHarness } from '../bpmn/testing/engine-harness';

/** Public repositories with Camunda 8 process files (their default branch as fetched on 2026-12-04). */
export const REPOS = [
  'camunda/connectors',
  'camunda/camunda-8-js-sdk',
  'camunda/orchestration-cluster-api-js',
  'camunda/zeebe-process-test',
  'camunda/c8ctl',
  'camunda-community-hub/camunda-8-examples',
  'camunda-community-hub/zeebe-client-node-js',
  'camunda-community-hub/zeebe-client-csharp',
  'camunda-community-hub/spring-zeebe',
  'camunda-community-hub/pyzeebe',
  'camunda-community-hub/camunda-8-lowcode-ui-template',
  'camunda-community-hub/zeeqs',
  'camunda-community-hub/zeebe-simple-monitor',
  'camunda-community-hub/zeebe-cherry-runtime',
  'camunda/camunda-modeler',
  'camunda/camunda-platform-get-started',
];
// Left out: camunda/camunda (the zeebe engine's test resources; 1.4 GB, more than could be fetched here) and
// camunda/bpmnlint-plugin-camunda-compat (its files are made to test the lint that decides validity here).

const ROOT = join(__dirname, '..');
const CORPUS = join(ROOT, '.tmp', 'corpus');
const MAX_EVENTS = 200;
/** reviewflow's built-in task types; any other type is a job for an external worker */
const BUILT_IN_TYPES = new Set(['notify', 'pay', 'issue-certificate', 'record', 'quota']);
const LINT_VERSIONS = ['8.0', '8.1', '8.2', '8.3', '8.4', '8.5', '8.6', '8.7', '8.8', '8.9', '8.10'];
const linters = new Map<string, Linter>();

/** Would Camunda accept the file? camunda-compat errors for the version it was made for (rule failures aside). */
async function validForCamunda(xml: string): Promise<boolean> {
  const declared = /executionPlatformVersion="(\d+\.\d+)/.exec(xml)?.[1];
  const version = declared && LINT_VERSIONS.includes(declared) ? declared : '8.8';
  let linter = linters.get(version);
  if (!linter) {
    linter = new Linter({
      config: { extends: `plugin:camunda-compat/camunda-cloud-${version.replace('.', '-')}` },
      resolver: new NodeResolver(),
    });
    linters.set(version, linter);
  }
  try {
    const { rootElement } = await BpmnModdle({ zeebe: zeebeDescriptor }).fromXML(xml, 'bpmn:Definitions');
    const lint = linter;
    const results = await withoutDanglingPlanes(rootElement, () => lint.lint(rootElement));
    return !Object.values(results).some((rs) => (rs as LintReport[]).some((r) => r.category === 'error'));
  } catch {
    return false;
  }
}
const MAX_FILE_BYTES = 1_000_000;

function build(): void {
  const mirrors = process.env.CORPUS_MIRRORS ?? '/work/.mirror';
  let files = 0;
  for (const repo of REPOS) {
    const slug = repo.replace('/', '+');
    let gitDir = join(mirrors, slug, 'repo');
    if (!existsSync(gitDir)) {
      gitDir = join(ROOT, '.tmp', 'corpus-src', slug);
      if (!existsSync(gitDir))
        execFileSync('git', ['clone', '--bare', '--depth', '1', `https://github.com/${repo}`, gitDir], {
          stdio: 'inherit',
        });
    }
    const git = (...args: string[]): string =>
      execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const paths = git('ls-tree', '-r', '--name-only', 'HEAD')
      .split('\n')
      .filter((p) => /\.(bpmn|form)$/i.test(p));
    for (const p of paths) {
      const xml = git('show', `HEAD:${p}`);
      const out = join(CORPUS, slug, p.replace(/\//g, '__'));
      mkdirSync(join(CORPUS, slug), { recursive: true });
      writeFileSync(out, xml);
      files += 1;
    }
    console.log(`${repo}: ${paths.length} .bpmn and .form files`);
  }
  console.log(`${files} files under ${relative(ROOT, CORPUS)}`);
}

const formIndex = new Map<string, Map<string, unknown>>();

/** The forms of the file's repository by id (the .form files the corpus build copied next to it). */
function formsOf(
  file: string,
): (formId: string) => Promise<{ version: number; schema: unknown } | undefined> {
  const repoDir = join(CORPUS, relative(CORPUS, file).split('/')[0] ?? '');
  let forms = formIndex.get(repoDir);
  if (!forms) {
    forms = new Map();
    for (const f of readdirSync(repoDir).filter((n) => n.endsWith('.form'))) {
      try {
        const schema = JSON.parse(readFileSync(join(repoDir, f), 'utf8')) as { id?: unknown };
        if (typeof schema.id === 'string') forms.set(schema.id, schema);
      } catch {
        // not JSON: not a form
      }
    }
    formIndex.set(repoDir, forms);
  }
  const found = forms;
  return (formId) =>
    Promise.resolve(found.has(formId) ? { version: 1, schema: found.get(formId) } : undefined);
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : /\.bpmn$/i.test(n) ? [p] : [];
  });
}

/** An error message without its ids and names, so that equal causes group together. */
function reasonOf(message: string): string {
  return message
    .replace(/'[^']*'/g, "'…'")
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\b(unsupported element \w+) \S+/, '$1')
    .replace(/\b(exclusiveGateway|inclusiveGateway|sequence flow|flow|default flow) \S+/g, '$1 …')
    .replace(/ (\w+) [A-Za-z_][\w.-]* is unreachable/, ' $1 … is unreachable')
    .replace(/^(\w+) [A-Za-z_][\w.-]* is unreachable/, '$1 … is unreachable')
    .replace(/attached to (\w+) \S+/, 'attached to $1 …')
    .replace(/duplicate id \S+/, 'duplicate id …')
    .replace(/: .*(syntax|Syntax).*$/, ': FEEL syntax error')
    .replace(/\(in <[^>]+>\)/, '')
    .replace(/\b(of|gateway) (?!type\b)[A-Za-z_][\w-]*/g, '$1 …')
    .slice(0, 140);
}

type RunOutcome = 'completed' | 'terminated' | 'incident' | 'waiting' | 'bounded' | 'crashed';

function run(h: EngineHarness): { outcome: RunOutcome; detail?: string } {
  try {
    // a process without a none start begins at its message, signal or timer start (as a publication, a broadcast or
    // its schedule would)
    const g = h.graph;
    const startEvent =
      g.startEvent ||
      g.messageStarts?.[0]?.elementId ||
      g.signalStarts?.[0]?.elementId ||
      g.timerStarts?.[0]?.elementId;
    h.send({
      type: 'start',
      variables: { businessKey: 'BK-1' },
      ...(startEvent && startEvent !== g.startEvent ? { startEvent } : {}),
    } as Parameters<EngineHarness['send']>[0]);
    for (let i = 0; i < MAX_EVENTS; i += 1) {
      if (h.status === 'completed' || h.status === 'terminated') return { outcome: h.status };
      const incidents = Object.values(h.state.incidents);
      if (incidents.length) return { outcome: 'incident', detail: incidents[0]?.reason };
      const task = h.openTasks()[0];
      if (task) {
        const r = h.send({ type: 'taskCompleted', key: task.key, variables: {}, by: 'corpus-worker' });
        h.tasks.delete(task.key);
        if (r.rejected) return { outcome: 'incident', detail: `task refused: ${r.rejected.reason}` };
        continue;
      }
      const job = [...h.jobs.values()][0];
      if (job) {
        h.jobs.delete(job.key);
        h.send({ type: 'serviceTaskCompleted', key: job.key, result: {} });
        continue;
      }
      // execution listener jobs: the generic worker completes them like any job
      const listener = [...h.listenerJobs.values()][0];
      if (listener) {
        h.listenerJobs.delete(listener.key);
        h.send({ type: 'listenerCompleted', key: listener.key, variables: {} });
        continue;
      }
      const child = [...h.children.values()][0];
      if (child) {
        h.children.delete(child.key);
        h.send({ type: 'childCompleted', key: child.key, variables: {} });
        continue;
      }
      const sub = [...h.subscriptions.values()][0];
      if (sub) {
        h.subscriptions.delete(sub.key);
        h.send({
          type: 'messageReceived',
          name: sub.messageName,
          correlationKey: sub.correlationKey,
          variables: {},
        });
        continue;
      }
      const timer = [...h.timers.values()][0];
      if (timer) {
        h.timers.delete(timer.key);
        h.send({ type: 'timerFired', key: timer.key });
        continue;
      }
      return { outcome: 'waiting', detail: h.active().join(',') };
    }
    return { outcome: 'bounded' };
  } catch (err) {
    return { outcome: 'crashed', detail: err instanceof Error ? err.message : String(err) };
  }
}

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

function top(m: Map<string, number>, n = 25): [string, number][] {
  return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n);
}

async function measure(): Promise<void> {
  const json = process.argv.includes('--json');
  const listAt = process.argv.indexOf('--list');
  const listReason = listAt > 0 ? process.argv[listAt + 1] : undefined;
  const files = walk(CORPUS).sort();
  if (!files.length) throw new Error(`no corpus under ${CORPUS}: run with --build first`);
  const counts = {
    files: files.length,
    camunda8: 0,
    notCamunda8: 0,
    validForCamunda: 0,
    deployed: 0,
    validDeployed: 0,
    deployedWithCustomJobTypes: 0,
    refusedValid: 0,
    refused: 0,
    ran: 0,
  };
  const firstReason = new Map<string, number>();
  const anyReason = new Map<string, number>();
  const outcomes = new Map<string, number>();
  const runDetails = new Map<string, number>();
  const warnings = new Map<string, number>();
  for (const file of files) {
    const xml = readFileSync(file, 'utf8');
    if (xml.length > MAX_FILE_BYTES) continue;
    const c8 = /http:\/\/camunda\.org\/schema\/zeebe\/1\.0|executionPlatform="Camunda Cloud"/.test(xml);
    if (!c8) {
      counts.notCamunda8 += 1;
      continue;
    }
    counts.camunda8 += 1;
    const valid = await validForCamunda(xml);
    if (valid) counts.validForCamunda += 1;
    const result = await compileBpmn(xml, { lint: true, resolveForm: formsOf(file) });
    for (const w of (result as { warnings?: { message: string }[] }).warnings ?? [])
      bump(warnings, reasonOf(w.message));
    if (!result.ok) {
      counts.refused += 1;
      if (valid) counts.refusedValid += 1;
      const reasons = [...new Set(result.errors.map((e) => reasonOf(e.message)))];
      // the reasons that count are those of files Camunda would deploy
      if (valid) {
        bump(firstReason, reasons[0] ?? '?');
        for (const r of reasons) bump(anyReason, r);
      }
      if (listReason && reasons.some((r) => r.includes(listReason)))
        console.log(relative(CORPUS, file), JSON.stringify(result.errors.slice(0, 3)));
      continue;
    }
    counts.deployed += 1;
    if (valid) counts.validDeployed += 1;
    const nodes = Object.values(result.graph.nodes);
    if (nodes.some((n) => n.kind === 'serviceTask' && !BUILT_IN_TYPES.has(n.taskType)))
      counts.deployedWithCustomJobTypes += 1;
    const { outcome, detail } = run(new EngineHarness(result.graph));
    bump(outcomes, outcome);
    if (outcome === 'completed' || outcome === 'terminated') counts.ran += 1;
    else bump(runDetails, `${outcome}: ${reasonOf(detail ?? '')}`);
  }
  const report = {
    date: new Date().toISOString(),
    ...counts,
    deployedPct: Math.round((1000 * counts.deployed) / Math.max(1, counts.camunda8)) / 10,
    validDeployedPct: Math.round((1000 * counts.validDeployed) / Math.max(1, counts.validForCamunda)) / 10,
    ranPctOfDeployed: Math.round((1000 * counts.ran) / Math.max(1, counts.deployed)) / 10,
    outcomes: Object.fromEntries(outcomes),
    refusedBy_firstReason: top(firstReason),
    refusedBy_anyReason: top(anyReason),
    notRunBy: top(runDetails, 15),
    warnings: top(warnings, 15),
  };
  if (json) console.log(JSON.stringify(report, null, 2));
  else {
    const { refusedBy_firstReason, refusedBy_anyReason, notRunBy, warnings: w, ...head } = report;
    console.log(head);
    console.log('\nrefused files valid for Camunda, by first reason:');
    for (const [r, n] of refusedBy_firstReason) console.log(`  ${String(n).padStart(4)}  ${r}`);
    console.log('\nrefused files valid for Camunda, by any reason:');
    for (const [r, n] of refusedBy_anyReason) console.log(`  ${String(n).padStart(4)}  ${r}`);
    console.log('\ndeployed but not run to an end:');
    for (const [r, n] of notRunBy) console.log(`  ${String(n).padStart(4)}  ${r}`);
    console.log('\nwarnings:');
    for (const [r, n] of w) console.log(`  ${String(n).padStart(4)}  ${r}`);
  }
}

if (process.argv.includes('--build')) build();
else
  void measure().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
