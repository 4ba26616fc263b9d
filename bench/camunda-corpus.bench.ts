// How many real Camunda 8 process files deploy (compile) and run to an end in the pure engine (issue 15).
//
// The corpus is other projects' files: it lives under .tmp/corpus/ (git-ignored) and is never committed.
//   Build it:  npx tsx bench/camunda-corpus.bench.ts --build
//              (reads each repository below from $CORPUS_MIRRORS/<owner>+<name>/repo, a bare git dir, when present;
//               else shallow-clones https://github.com/<owner>/<name> into .tmp/corpus-src/)
//   Measure:   npx tsx bench/camunda-corpus.bench.ts [--json] [--list <reason substring>]
//
// A file counts as Camunda 8 when it declares the zeebe namespace or executionPlatform "Camunda Cloud".
// Running: a generic job worker completes every job and user task with no variables, fires the earliest
// timer, correlates every open subscription and completes every child; at most MAX_EVENTS events per file.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compileBpmn } from '../bpmn/compile/compile-bpmn';
import { EngineHarness } from '../bpmn/testing/engine-harness';

/** Public repositories with Camunda 8 process files (as fetched on 2026-12-04). */
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
];

const ROOT = join(__dirname, '..');
const CORPUS = join(ROOT, '.tmp', 'corpus');
const MAX_EVENTS = 200;
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
      .filter((p) => /\.bpmn$/i.test(p));
    for (const p of paths) {
      const xml = git('show', `HEAD:${p}`);
      const out = join(CORPUS, slug, p.replace(/\//g, '__'));
      mkdirSync(join(CORPUS, slug), { recursive: true });
      writeFileSync(out, xml);
      files += 1;
    }
    console.log(`${repo}: ${paths.length} .bpmn files`);
  }
  console.log(`${files} files under ${relative(ROOT, CORPUS)}`);
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
    .slice(0, 140);
}

type RunOutcome = 'completed' | 'terminated' | 'incident' | 'waiting' | 'bounded' | 'crashed';

function run(h: EngineHarness): { outcome: RunOutcome; detail?: string } {
  try {
    h.start();
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
  const counts = { files: files.length, camunda8: 0, notCamunda8: 0, deployed: 0, refused: 0, ran: 0 };
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
    const result = await compileBpmn(xml);
    for (const w of (result as { warnings?: { message: string }[] }).warnings ?? [])
      bump(warnings, reasonOf(w.message));
    if (!result.ok) {
      counts.refused += 1;
      const reasons = [...new Set(result.errors.map((e) => reasonOf(e.message)))];
      bump(firstReason, reasons[0] ?? '?');
      for (const r of reasons) bump(anyReason, r);
      if (listReason && reasons.some((r) => r.includes(listReason)))
        console.log(relative(CORPUS, file), JSON.stringify(result.errors.slice(0, 3)));
      continue;
    }
    counts.deployed += 1;
    const { outcome, detail } = run(new EngineHarness(result.graph));
    bump(outcomes, outcome);
    if (outcome === 'completed' || outcome === 'terminated') counts.ran += 1;
    else bump(runDetails, `${outcome}: ${reasonOf(detail ?? '')}`);
  }
  const report = {
    date: new Date().toISOString(),
    ...counts,
    deployedPct: Math.round((1000 * counts.deployed) / Math.max(1, counts.camunda8)) / 10,
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
    console.log('\nrefused files, by first reason:');
    for (const [r, n] of refusedBy_firstReason) console.log(`  ${String(n).padStart(4)}  ${r}`);
    console.log('\nrefused files, by any reason:');
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
