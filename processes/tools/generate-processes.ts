// Writes processes/*.bpmn from the programme sources in this folder, all through bpmn-model.builder.ts: J01 and
// J03a with hand-placed diagrams, J11b and Q01 laid out by bpmn-auto-layout.
// Run: npx tsx processes/tools/generate-processes.ts   (--check: fail if a file differs instead of writing)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderProcess } from './bpmn-model.builder';
import { j01 } from './j01.process';
import { j03a } from './j03a.process';
import { renderProgrammes as renderJ11bQ01 } from './j11b-q01.generate';

export const PROCESSES_ROOT = join(__dirname, '..');

/** The files generated here, in processes/. */
export const PROGRAMME_FILES = [
  'j01-talent-classification.bpmn',
  'j03a-home-purchase-subsidy.bpmn',
  'j11b-industry-leader-introduced.bpmn',
  'q01-qinghai-talent-project.bpmn',
];

/** File name → XML, for every programme generated here. */
export async function renderProgrammes(): Promise<Record<string, string>> {
  return {
    'j01-talent-classification.bpmn': await renderProcess(j01),
    'j03a-home-purchase-subsidy.bpmn': await renderProcess(j03a),
    ...(await renderJ11bQ01()),
  };
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [file, xml] of Object.entries(await renderProgrammes())) {
    const path = join(PROCESSES_ROOT, file);
    if (check) {
      let current = '';
      try {
        current = readFileSync(path, 'utf8');
      } catch {
        // missing counts as stale
      }
      if (current !== xml) {
        stale++;
        process.stderr.write(`${file} is out of date: run npx tsx processes/tools/generate-processes.ts\n`);
      }
    } else {
      writeFileSync(path, xml);
      process.stdout.write(`wrote processes/${file}\n`);
    }
  }
  if (stale > 0) process.exit(1);
}

if (require.main === module) void main();
