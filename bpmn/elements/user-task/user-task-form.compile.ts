// Forms of user tasks and of the process's none start event (zeebe:formDefinition): an embedded Camunda form
// (formKey camunda-forms:bpmn:<id> naming a zeebe:userTaskForm of the process) is read while the compiler walks, a
// linked one (formId) is looked up once the walk is done; a custom form key is passed over with a warning.
import { isFeel } from '../../feel/feel';
import { type FormSpec, parseFormSchema } from '../../forms/form-schema';
import type { ElementCompileContext } from '../../compile/compile-context';
import { type Mod, arr, mod, str } from '../../compile/moddle-read';

type ResolveForm = (formId: string) => Promise<{ version: number; schema: unknown } | undefined>;

export class FormDefinitions {
  /** zeebe:userTaskForm bodies of the process, by id */
  private readonly embedded = new Map<string, string>();
  /** linked forms to look up once the walk is done */
  private readonly pending: { elementId: string; formId: string; apply: (form: FormSpec) => void }[] = [];

  constructor(
    private readonly out: Pick<ElementCompileContext, 'err' | 'warn' | 'ext'>,
    private readonly resolveForm: ResolveForm | undefined,
  ) {}

  /** Before the walk: the process's embedded forms (zeebe:userTaskForm). */
  prepare(process: Mod): void {
    for (const e of arr(mod(process.extensionElements)?.values)) {
      if (e.$type !== 'zeebe:UserTaskForm') continue;
      const id = str(e.id);
      if (!id) this.out.err(process.id, 'a zeebe:userTaskForm needs an id');
      else this.embedded.set(id, str(e.body) ?? '');
    }
  }

  /** zeebe:formDefinition: an embedded form is read now, a linked one after the walk (resolve). */
  read(el: Mod, id: string, apply: (form: FormSpec) => void): boolean {
    const fd = this.out.ext(el, 'zeebe:FormDefinition');
    if (!fd) return false;
    const formKey = str(fd.formKey);
    const formId = str(fd.formId);
    if (str(fd.externalReference) !== undefined) {
      this.out.err(
        id,
        'external forms (externalReference) are not supported; link a deployed form with formId',
      );
      return true;
    }
    if (formKey !== undefined && formId !== undefined) {
      this.out.err(id, 'zeebe:formDefinition has both formKey and formId; use one');
      return true;
    }
    if (formId !== undefined) {
      if (formId.trim() === '' || isFeel(formId))
        this.out.err(id, 'zeebe:formDefinition formId must name a form');
      else this.pending.push({ elementId: id, formId, apply });
      return true;
    }
    const embeddedId = /^camunda-forms:bpmn:(.+)$/.exec(formKey ?? '')?.[1];
    if (embeddedId === undefined && formKey !== undefined && formKey.trim() !== '') {
      // a custom form key (a custom task application's): Zeebe passes it through, reviewflow renders no such form
      this.out.warn(
        id,
        `custom form key '${formKey}' ignored: the task has no form here (as without formKey)`,
      );
      return false;
    }
    if (embeddedId === undefined) {
      this.out.err(
        id,
        `zeebe:formDefinition formKey '${formKey ?? ''}' must be camunda-forms:bpmn:<userTaskForm id>`,
      );
      return true;
    }
    const body = this.embedded.get(embeddedId);
    if (body === undefined) {
      this.out.err(id, `embedded form '${embeddedId}' is not a zeebe:userTaskForm of this process`);
      return true;
    }
    const parsed = parseFormSchema(body);
    if (!parsed.ok) this.formProblems(id, `embedded form '${embeddedId}'`, parsed.problems);
    // the JSON travels with the graph: clients render an embedded form from it (GET /tasks/:id/form)
    else
      apply({
        formId: embeddedId,
        embedded: true,
        fields: parsed.fields,
        schema: JSON.parse(body) as unknown,
      });
    return true;
  }

  private formProblems(id: string, what: string, problems: { path?: string; message: string }[]): void {
    for (const p of problems)
      this.out.err(id, `${what} cannot be read: ${p.path ? `${p.path}: ` : ''}${p.message}`);
  }

  /** Looks up the linked forms: an unknown formId or an unreadable schema is an error of the element. */
  async resolve(): Promise<void> {
    for (const ref of this.pending) {
      const found = this.resolveForm ? await this.resolveForm(ref.formId) : undefined;
      if (!found) {
        this.out.err(
          ref.elementId,
          `form '${ref.formId}' is not deployed (deploy it with POST /forms first)`,
        );
        continue;
      }
      const parsed = parseFormSchema(found.schema);
      if (!parsed.ok)
        this.formProblems(ref.elementId, `form '${ref.formId}' version ${found.version}`, parsed.problems);
      else ref.apply({ formId: ref.formId, version: found.version, fields: parsed.fields });
    }
  }
}
