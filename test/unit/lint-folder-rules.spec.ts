// The README's folder table is enforced by eslint.config.mjs: lint real files with one forbidden import added and
// expect the rule to name it, and the allowed imports (types from activities/ in workflows/) to pass.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

interface Probe {
  file: string;
  code: string;
}

const probes: Record<string, Probe> = {
  activitiesImportsApi: {
    file: 'activities/case/case.activities.ts',
    code: "import { onShutdownSignal } from '../../api/main';\nexport const x = onShutdownSignal;\n",
  },
  dbImportsConfig: {
    file: 'db/data-source.ts',
    code: "import { loadConfig } from '../config/app-config';\nexport const x = loadConfig;\n",
  },
  workerImportsApi: {
    file: 'worker/main.ts',
    code: "import { AppModule } from '../api/app.module';\nexport const x = AppModule;\n",
  },
  workflowImportsActivityValue: {
    file: 'workflows/smoke.workflow.ts',
    code: "import { createActivities } from '../activities/create-activities';\nexport const x = createActivities;\n",
  },
  workflowImportsActivityType: {
    file: 'workflows/smoke.workflow.ts',
    code: "import type { CaseActivities } from '../activities/case/case.activities';\nexport type X = CaseActivities;\n",
  },
  workflowImportsCompiler: {
    file: 'workflows/smoke.workflow.ts',
    code: "import { compileBpmn } from '../bpmn/compile/compile-bpmn';\nexport const x = compileBpmn;\n",
  },
  workflowImportsCompileRule: {
    file: 'workflows/smoke.workflow.ts',
    code: "import { signalDefinition } from '../bpmn/elements/signal/signal.compile';\nexport const x = signalDefinition;\n",
  },
  workflowImportsHandlerSide: {
    file: 'workflows/smoke.workflow.ts',
    code: "import { signalSubscriptionName } from '../bpmn/elements/signal/signal.engine';\nexport const x = signalSubscriptionName;\n",
  },
  apiImportsWorkflowCode: {
    file: 'api/main.ts',
    code: "import { runCase } from '../workflows/run-case.workflow';\nexport const x = runCase;\n",
  },
  testImportsBench: {
    file: 'test/unit/api-config.spec.ts',
    code: "import * as bench from '../../bench/api-stack';\nexport const x = bench;\n",
  },
  benchImportsStackStarter: {
    file: 'bench/api-stack.ts',
    code: "import { startStack } from '../test/support/stack-starter';\nexport const x = startStack;\n",
  },
  apiRunsSql: {
    file: 'api/health/health.controller.ts',
    code: "import type { DataSource } from 'typeorm';\nexport const x = (db: DataSource) => db.query('select 1');\n",
  },
  apiRunsSqlConstant: {
    file: 'api/health/health.controller.ts',
    code: "import type { DataSource } from 'typeorm';\nconst PING_SQL = 'select 1';\nexport const x = (db: DataSource) => db.query(PING_SQL);\n",
  },
  apiRunsTemporalQuery: {
    file: 'api/health/health.controller.ts',
    code: 'declare const handle: { query(q: unknown): Promise<unknown> };\ndeclare const caseStateQuery: unknown;\nexport const x = () => handle.query(caseStateQuery);\n',
  },
  dbRunsSql: {
    file: 'db/health.repository.ts',
    code: "import type { DataSource } from 'typeorm';\nexport const x = (db: DataSource) => db.query('select 1');\n",
  },
  handlerImportsCompileRule: {
    file: 'bpmn/elements/signal/signal.engine.ts',
    code: "import { signalDefinition } from './signal.compile';\nexport const x = signalDefinition;\n",
  },
  engineImportsCompiler: {
    file: 'bpmn/engine/runtime.ts',
    code: "import { list } from '../compile/moddle-read';\nexport const x = list;\n",
  },
  compileRuleImportsHandlerSide: {
    file: 'bpmn/elements/signal/signal.compile.ts',
    code: "import { signalSubscriptionName } from './signal.engine';\nexport const x = signalSubscriptionName;\n",
  },
  apiImportsCompileRule: {
    file: 'api/signals/signals.service.ts',
    code: "import { signalDefinition } from '../../bpmn/elements/signal/signal.compile';\nexport const x = signalDefinition;\n",
  },
  apiImportsHandler: {
    file: 'api/signals/signals.service.ts',
    code: "import { userTaskHandler } from '../../bpmn/elements/user-task/user-task.handler';\nexport const x = userTaskHandler;\n",
  },
  temporalLiteImportsProject: {
    file: 'temporal-lite/src/engine/core.ts',
    code: "import { loadConfig } from '../../../config/app-config';\nexport const x = loadConfig;\n",
  },
};

// ESLint loads its flat config with a native import(), which jest's module sandbox does not offer: run it in node.
function lintProbes(): Record<string, string[]> {
  const script = `
    const { ESLint } = require('eslint');
    const probes = JSON.parse(process.argv[1]);
    const eslint = new ESLint({ cwd: process.cwd(), ruleFilter: ({ ruleId }) => /restricted/.test(ruleId) });
    (async () => {
      const out = {};
      for (const [name, { file, code }] of Object.entries(probes)) {
        const [result] = await eslint.lintText(code, { filePath: file });
        out[name] = result.messages.map((m) => m.ruleId + ': ' + m.message);
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((err) => { console.error(err); process.exit(1); });`;
  const stdout = execFileSync(process.execPath, ['-e', script, JSON.stringify(probes)], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(stdout) as Record<string, string[]>;
}

describe('folder rules (README folder table, eslint.config.mjs)', () => {
  let reports: Record<string, string[]>;
  beforeAll(() => {
    reports = lintProbes();
  }, 120_000);

  it.each([
    ['activitiesImportsApi', 'activities/ may import only'],
    ['dbImportsConfig', 'db/ may import nothing but itself'],
    ['workerImportsApi', 'worker/ may import only'],
    ['workflowImportsActivityValue', 'workflows/ may import only types from activities/'],
    ['workflowImportsCompiler', 'workflows/ may import only the pure bpmn/'],
    ['workflowImportsCompileRule', 'workflows/ may import only the pure bpmn/'],
    ['apiImportsWorkflowCode', 'api/ may import only the type of runCase'],
    ['testImportsBench', 'test/ may import everything but bench/'],
    ['temporalLiteImportsProject', 'temporal-lite/src/ may import nothing but itself'],
    ['handlerImportsCompileRule', 'may not import compile rules'],
    ['engineImportsCompiler', 'may not import compile rules'],
    ['apiImportsHandler', 'api/ may import bpmn/compile, bpmn/elements/*/*.compile.ts'],
    ['apiRunsSql', 'SQL lives in db/ repositories'],
    ['apiRunsSqlConstant', 'SQL lives in db/ repositories'],
  ])('given %s, when linted, then the folder rule reports it', (probe, message) => {
    expect(reports[probe]).toEqual([expect.stringContaining(message)]);
  });

  it('given a type-only import from activities/ or the engine side of bpmn/elements in workflows/, when linted, then it passes', () => {
    expect(reports.workflowImportsActivityType).toEqual([]);
    expect(reports.workflowImportsHandlerSide).toEqual([]);
  });

  it('given a compile rule importing its handler-side helper, or api/ importing a compile rule, when linted, then it passes', () => {
    expect(reports.compileRuleImportsHandlerSide).toEqual([]);
    expect(reports.apiImportsCompileRule).toEqual([]);
  });

  it('given bench/ importing the stack starter of test/support/, when linted, then it passes (one stack for both)', () => {
    expect(reports.benchImportsStackStarter).toEqual([]);
  });

  it('given SQL in db/ or a Temporal query in api/, when linted, then the SQL rule stays silent', () => {
    expect(reports.dbRunsSql).toEqual([]);
    expect(reports.apiRunsTemporalQuery).toEqual([]);
  });
});
