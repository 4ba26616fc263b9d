// Writes processes/*.bpmn from the programme sources in this folder (hand-placed diagram interchange included).
// Run: npx tsx processes/tools/generate-processes.ts   (--check: fail if a file differs instead of writing)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderProcess } from './bpmn-writer';
import { j01 } from './j01.process';
import { j03a } from './j03a.process';

export const PROCESSES_ROOT = join(__dirname, '..');

/** File name → XML, for every programme generated here. */
export function renderProgrammes(): Record<string, string> {
  return {
    'j01-talent-classification.bpmn': renderProcess(j01),
    'j03a-home-purchase-subsidy.bpmn': renderProcess(j03a),
  };
}

function main(): void {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [file, xml] of Object.entries(renderProgrammes())) {
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

if (require.main === module) main();
