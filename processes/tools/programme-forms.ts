// The Camunda Forms of the programmes (processes/forms/*.form): the generators embed them in the BPMN
// (zeebe:userTaskForm), and the boot loader also deploys them on their own (GET /forms/:formId).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FORMS_DIR = join(__dirname, '..', 'forms');

/** The parsed form JSON of processes/forms/<formId>.form. */
export function programmeForm(formId: string): unknown {
  return JSON.parse(readFileSync(join(FORMS_DIR, `${formId}.form`), 'utf8')) as unknown;
}

/** XML-escaped JSON for a zeebe:userTaskForm body. */
export function userTaskFormXml(formId: string, esc: (s: string) => string): string {
  return `<zeebe:userTaskForm id="${formId}">${esc(JSON.stringify(programmeForm(formId)))}</zeebe:userTaskForm>`;
}

/** The forms `formIds` as the builder embeds them (ProcessSpec.forms). */
export const programmeForms = (formIds: string[]): { id: string; schema: unknown }[] =>
  formIds.map((id) => ({ id, schema: programmeForm(id) }));
