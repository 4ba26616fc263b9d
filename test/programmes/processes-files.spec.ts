// The programme files in processes/ are generated from processes/tools: they must be in step and must compile.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBpmn } from '../../bpmn/compile/compile-bpmn';
import { PROCESSES_ROOT, PROGRAMME_FILES, renderProgrammes } from '../../processes/tools/generate-processes';
import { programmeDecisionResolver } from '../../processes/tools/programme-decisions';

describe('processes/ programme files', () => {
  let rendered: Record<string, string> = {};
  beforeAll(async () => {
    rendered = await renderProgrammes();
  });
  const files = PROGRAMME_FILES.map((file): [string, () => string] => [file, () => rendered[file] ?? '']);
  it('given the generator, when run, then it renders exactly the listed files', () => {
    expect(Object.keys(rendered).sort()).toEqual([...PROGRAMME_FILES].sort());
  });
  it.each(files)(
    'given the generator, when %s is rendered, then the committed file is identical',
    (file, xml) => {
      expect(readFileSync(join(PROCESSES_ROOT, file), 'utf8')).toBe(xml());
    },
  );

  it.each(files)(
    'given %s, when compiled, then it is valid and its process id is the file name',
    async (file, xml) => {
      const result = await compileBpmn(xml(), { resolveDecision: await programmeDecisionResolver() });
      expect(result.ok ? [] : result.errors).toEqual([]);
      if (result.ok) expect(`${result.graph.processId}.bpmn`).toBe(file);
    },
  );

  it.each(files)(
    'given %s, when read, then it documents its sources and carries a diagram for every element',
    (_file, render) => {
      const xml = render();
      expect(xml).toMatch(/<bpmn:documentation>[^<]*L\d+/);
      const elementIds = [
        ...xml.matchAll(
          /<bpmn:(?!definitions|process|documentation|extensionElements|message\b|error\b|conditionExpression|timerEventDefinition|messageEventDefinition|multiInstanceLoopCharacteristics|timeDuration|timeDate)[a-zA-Z]+ id="([^"]+)"/g,
        ),
      ].map((m) => m[1]);
      const shapes = new Set([...xml.matchAll(/bpmnElement="([^"]+)"/g)].map((m) => m[1]));
      expect(elementIds.length).toBeGreaterThan(20);
      expect(elementIds.filter((id) => !shapes.has(id))).toEqual([]);
    },
  );
});
