import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importPlugin from 'eslint-plugin-import';
import prettier from 'eslint-config-prettier';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

// The README's folder table ("May import"), enforced by import/no-restricted-paths on resolved paths: a folder may
// import itself, npm packages and the project folders listed here, nothing else. `npm run lint` fails otherwise.
// The rule cannot tell `import type` from a value import, so the two type-only allowances (workflows/ → activities/,
// api/ → workflows/run-case.workflow) are left out of these zones and checked by @typescript-eslint/no-restricted-imports
// with `allowTypeImports` below.
const projectFolders = [
  'workflows',
  'activities',
  'worker',
  'api',
  'config',
  'db',
  'bpmn',
  'calendar',
  'notifications',
  'temporal-lite',
  'processes',
  'ui',
  'scripts',
  'test',
  'bench',
  'tools',
];
const mayImport = {
  workflows: ['bpmn', 'activities'], // bpmn/: the pure part only (zone below); activities/: types only (rule below)
  activities: ['db', 'calendar', 'bpmn', 'notifications'],
  worker: ['activities', 'db', 'config', 'notifications'],
  api: ['db', 'calendar', 'bpmn', 'config', 'workflows'], // narrowed below: bpmn/ without the engine, workflows/messages
  config: ['db'],
  db: [],
  bpmn: [],
  calendar: [],
  notifications: ['db', 'config'],
  'temporal-lite/src': [],
  'temporal-lite/test': ['scripts', 'test'], // narrowed below: test/support/ only
  processes: ['bpmn'],
  ui: [],
  scripts: projectFolders.filter((f) => !['test', 'bench'].includes(f)),
  test: projectFolders.filter((f) => f !== 'bench'),
  bench: projectFolders,
};
function workflowImportPatterns() {
  return [
    {
      regex: '^(\\.\\./)+activities(/|$)',
      allowTypeImports: true,
      message: 'workflows/ may import only types from activities/ (README folder table).',
    },
    {
      regex: '^(?![./]|@temporalio/workflow$)',
      allowTypeImports: true,
      message:
        'workflows/ may import only @temporalio/workflow from npm (types from other packages are fine).',
    },
  ];
}
const folderOf = (target) => target.split('/')[0];
// How the table words the narrowed allowances.
const mayImportLabel = {
  workflows: 'only the pure bpmn/ and types from activities/',
  api: 'only db/, calendar/, config/, bpmn/compile, bpmn/forms, bpmn/graph.types, bpmn/timers and workflows/messages.ts',
  'temporal-lite/test': 'only scripts/ and test/support/',
  scripts: 'everything but test/ and bench/',
  test: 'everything but bench/',
  bench: 'everything',
};
const folderZones = [
  ...Object.entries(mayImport).map(([target, allowed]) => ({
    target,
    from: projectFolders.filter((f) => f !== folderOf(target) && !allowed.includes(f)),
    message: `${target}/ may import ${mayImportLabel[target] ?? (allowed.length ? `only ${allowed.map((f) => `${f}/`).join(', ')}` : 'nothing but itself')} (README folder table).`,
  })),
  // Partial allowances: one zone per `from`, its `except` paths relative to it.
  {
    // Glob form (absolute glob exceptions): the engine side of bpmn/elements/ is pure, its *.compile.ts files are not.
    target: 'workflows',
    from: 'bpmn/**',
    except: [
      '@(index.ts)',
      '@(graph.types.ts)',
      'engine/**',
      'elements/**/!(*.compile).ts',
      'feel/**',
      'forms/**',
      'timers/**',
    ].map((p) => `${import.meta.dirname}/bpmn/${p}`),
    message: 'workflows/ may import only the pure bpmn/ (not the Node-side compiler or test helpers).',
  },
  {
    // Glob form (its exceptions are absolute globs) so that the compile rules in bpmn/elements/<kind>/ are allowed.
    target: 'api',
    from: 'bpmn/**',
    except: [
      'compile/**',
      'elements/*/*.compile.ts',
      'forms/**',
      '@(graph.types.ts)', // a glob too, as the rule wants
      'task-types/**',
      'timers/**',
    ].map((p) => `${import.meta.dirname}/bpmn/${p}`),
    message:
      'api/ may import bpmn/compile, bpmn/elements/*/*.compile.ts, bpmn/forms, bpmn/graph.types, bpmn/task-types and bpmn/timers only (the engine runs in workflows/).',
  },
  {
    // The engine side of bpmn/ runs in the Temporal workflow sandbox: a handler (or any engine module) that imported
    // a compile rule would pull bpmn-moddle and node: built-ins into the workflow bundle.
    target: ['bpmn/engine/**', 'bpmn/elements/**/!(*.compile).ts', 'bpmn/index.ts'],
    from: ['bpmn/**/*.compile.ts', 'bpmn/compile/**'],
    message:
      'bpmn/engine and the engine side of bpmn/elements (handlers and their helpers) may not import compile rules (*.compile.ts, bpmn/compile/): they run in the workflow sandbox.',
  },
  {
    target: 'api',
    from: 'workflows',
    except: ['./messages.ts', './run-case.workflow.ts'],
    message: "api/ may import only the workflows' messages (and the runCase type).",
  },
  {
    target: 'temporal-lite/src',
    from: 'temporal-lite/test',
    message: 'temporal-lite/src may not import its tests.',
  },
  {
    target: 'temporal-lite/test',
    from: 'test',
    except: ['./support'],
    message: 'temporal-lite/test may import only test/support/ from the project tests.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.data/',
      'coverage/',
      'test/artifacts/',
      '**/*.js',
      '**/*.mjs',
      'web/dist/',
      'ui/dist/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        emitDecoratorMetadata: true,
        experimentalDecorators: true,
      },
    },
    plugins: { import: importPlugin },
    settings: { 'import/resolver': { typescript: { project: './tsconfig.json' } } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import/no-cycle': ['error', { maxDepth: 10 }],
      'import/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: folderZones }],
    },
  },
  {
    // Workflow code must stay deterministic: no Node built-ins.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Node built-ins are banned in workflows/ (determinism).',
          })),
        },
      ],
    },
  },
  {
    // The type-only allowances of the folder table: value imports are errors, `import type` is fine.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: workflowImportPatterns() }],
    },
  },
  {
    files: ['api/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)workflows/run-case\\.workflow$',
              allowTypeImports: true,
              message:
                'api/ may import only the type of runCase (start it by name); the workflow code stays in the worker.',
            },
          ],
        },
      ],
    },
  },
  {
    // SQL lives in db/ repositories: a `.query(…)` whose first argument is SQL text (a string, a template or a
    // constant named like SQL) is refused elsewhere. Temporal's `handle.query(someQuery)` is not matched.
    files: ['**/*.ts'],
    ignores: ['db/**', 'test/**', 'bench/**', 'temporal-lite/**', 'ui/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          "CallExpression[callee.property.name='query'][arguments.0.type=/^(Literal|TemplateLiteral)$/]",
          "CallExpression[callee.property.name='query'][arguments.0.name=/(^[A-Z][A-Z0-9_]*$|[sS]ql$|SQL$)/]",
        ].map((selector) => ({
          selector,
          message: 'SQL lives in db/ repositories: move this query into a db/*.repository.ts function.',
        })),
      ],
    },
  },
  prettier,
);
