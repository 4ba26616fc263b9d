// Boot-time deployment of processes/*.bpmn against a real database: idempotent, versioned, and tolerant of a bad file.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DefinitionsService } from '../../api/definitions/definitions.service';
import type { ProcessGraph } from '../../bpmn/graph.types';
import {
  deployProcessFiles,
  processesDirFrom,
  summarizeProcessFiles,
} from '../../api/definitions/process-files.loader';
import { type TestDatabase, createTestDatabase } from '../support/test-database';

const ROOT = resolve(__dirname, '..', '..');
const J01 = 'j01-talent-classification.bpmn';
const J03A = 'j03a-home-purchase-subsidy.bpmn';

describe('processes/ loader', () => {
  let db: TestDatabase;
  let service: DefinitionsService;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase('process-files-loader');
    service = new DefinitionsService(db.dataSource);
  });
  afterAll(async () => {
    await db?.drop();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rf-processes-'));
    for (const f of [J01, J03A]) copyFileSync(join(ROOT, 'processes', f), join(dir, f));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('given two programme files and a broken one, when booting twice, then both deploy once and the broken file is one log line', async () => {
    writeFileSync(
      join(dir, 'broken.bpmn'),
      readFileSync(join(ROOT, 'test/fixtures/bpmn/invalid/complex-gateway.bpmn')),
    );
    writeFileSync(join(dir, 'notes.txt'), 'not a process');
    const lines: string[] = [];

    const first = await deployProcessFiles(service, dir, (l) => lines.push(l));
    const second = await deployProcessFiles(service, dir, (l) => lines.push(l));

    expect(first).toEqual([
      { file: 'broken.bpmn', status: 'invalid', message: expect.stringContaining('element complex') },
      { file: J01, status: 'created', key: 'j01-talent-classification', version: 1 },
      { file: J03A, status: 'created', key: 'j03a-home-purchase-subsidy', version: 1 },
    ]);
    expect(second.map((o) => [o.file, o.status, o.version])).toEqual([
      ['broken.bpmn', 'invalid', undefined],
      [J01, 'unchanged', 1],
      [J03A, 'unchanged', 1],
    ]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^processes: broken\.bpmn not deployed: .*element complex/);
    expect(summarizeProcessFiles(first)).toBe(
      'processes: 2 deployed (j01-talent-classification v1 new, j03a-home-purchase-subsidy v1 new), 1 refused',
    );
  });

  it('given unchanged files, when booting again, then they are recognised without being compiled again', async () => {
    await deployProcessFiles(service, dir, () => undefined);
    const deploy = jest.spyOn(service, 'deploy');
    try {
      const again = await deployProcessFiles(service, dir, () => undefined);
      expect(again.map((o) => o.status)).toEqual(['unchanged', 'unchanged']);
      expect(deploy).not.toHaveBeenCalled();
    } finally {
      deploy.mockRestore();
    }
  });

  it('given a deployed file, when the file changes, then the next boot deploys a new version and running cases keep theirs', async () => {
    await deployProcessFiles(service, dir, () => undefined);
    const before = await service.get('j01-talent-classification');
    const xml = readFileSync(join(dir, J01), 'utf8').replace('申报开始', '申报开始（已修改）');
    writeFileSync(join(dir, J01), xml);

    const outcomes = await deployProcessFiles(service, dir, () => undefined);

    expect(outcomes.find((o) => o.file === J01)).toMatchObject({
      status: 'created',
      version: before.version + 1,
    });
    expect((await service.get('j01-talent-classification', before.version)).xml).not.toContain('（已修改）');
  });

  it('given no directory, when booting, then nothing is deployed and only an explicit setting is worth a line', async () => {
    const lines: string[] = [];
    expect(await deployProcessFiles(service, join(dir, 'missing'), (l) => lines.push(l))).toEqual([]);
    expect(lines).toEqual([]);
    await deployProcessFiles(service, join(dir, 'missing'), (l) => lines.push(l), true);
    expect(lines).toEqual([expect.stringContaining('cannot read')]);
  });

  it('given forms/ beside the BPMN files, when booting, then every form is deployed first and a broken one is one line', async () => {
    mkdirSync(join(dir, 'forms'));
    for (const f of ['j11b-expert-score', 'j11b-grade'])
      copyFileSync(join(ROOT, 'processes', 'forms', `${f}.form`), join(dir, 'forms', `${f}.form`));
    writeFileSync(join(dir, 'forms', 'broken.form'), '{"id": "broken", "components": [{"type": "slider"}]}');
    const lines: string[] = [];
    await deployProcessFiles(service, dir, (l) => lines.push(l));
    await deployProcessFiles(service, dir, (l) => lines.push(l));
    const forms: { form_id: string; version: number }[] = await db.dataSource.query(
      'SELECT form_id, version FROM forms ORDER BY form_id',
    );
    expect(forms).toEqual([
      { form_id: 'j11b-expert-score', version: 1 },
      { form_id: 'j11b-grade', version: 1 },
    ]);
    expect(lines).toEqual([
      expect.stringMatching(/^processes: form broken\.form not deployed/),
      expect.stringMatching(/^processes: form broken\.form not deployed/),
    ]);
  });

  it('given decisions/ beside Q01, when booting, then the DMN deploys first, Q01 binds it, and an edited table gives Q01 a new version', async () => {
    const Q01 = 'q01-qinghai-talent-project.bpmn';
    copyFileSync(join(ROOT, 'processes', Q01), join(dir, Q01));
    mkdirSync(join(dir, 'decisions'));
    const dmn = readFileSync(join(ROOT, 'processes', 'decisions', 'q01-grading.dmn'), 'utf8');
    writeFileSync(join(dir, 'decisions', 'q01-grading.dmn'), dmn);
    writeFileSync(join(dir, 'decisions', 'broken.dmn'), '<definitions>');
    const lines: string[] = [];

    const first = await deployProcessFiles(service, dir, (l) => lines.push(l));
    const second = await deployProcessFiles(service, dir, (l) => lines.push(l));
    expect(first.find((o) => o.file === Q01)).toMatchObject({ status: 'created', version: 1 });
    expect(second.find((o) => o.file === Q01)).toMatchObject({ status: 'unchanged', version: 1 });
    expect(lines).toEqual([
      expect.stringMatching(/^processes: decisions broken\.dmn not deployed/),
      expect.stringMatching(/^processes: decisions broken\.dmn not deployed/),
    ]);

    // the office raises the C award: the same Q01 bytes are bound to the new table at the next boot
    writeFileSync(
      join(dir, 'decisions', 'q01-grading.dmn'),
      dmn.replace(
        '<outputEntry id="q01-award-c-amount"><text>40</text>',
        '<outputEntry id="q01-award-c-amount"><text>45</text>',
      ),
    );
    const third = await deployProcessFiles(service, dir, () => undefined);
    expect(third.find((o) => o.file === Q01)).toMatchObject({ status: 'created', version: 2 });
    const graphOf = async (version: number) =>
      (await service.get('q01-qinghai-talent-project', version)).graph as ProcessGraph;
    const award = (await graphOf(2)).nodes.awardByGrade;
    expect(award?.kind === 'businessRuleTask' && award.decision.version).toBe(2);
    const v1 = (await graphOf(1)).nodes.awardByGrade;
    expect(v1?.kind === 'businessRuleTask' && v1.decision.version).toBe(1);
  });

  it('given the environment, when resolving the directory, then processes/ is the default outside production only', () => {
    expect(processesDirFrom({}, false)).toBe(resolve('processes'));
    expect(processesDirFrom({}, true)).toBeUndefined();
    expect(processesDirFrom({ PROCESSES_DIR: '/srv/processes' }, true)).toBe('/srv/processes');
    expect(processesDirFrom({ PROCESSES_DIR: 'off' }, false)).toBeUndefined();
  });
});
