// Completing a task: the allowed decisions (rf:decisions), a comment, and the step's data contract: its Camunda form
// rendered with form-js (only the form's fields are written), else the variables named by rf:writes, else nothing.
// The rest of the case data is shown read-only. API refusals are explained by their code inside the dialog.
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { type BpmnModel, type ModelElement, loadDefinition } from '../../api/bpmn-model';
import { loadCase } from '../../api/case-cache';
import { api } from '../../api/client';
import { explainError } from '../../api/explain-error';
import { formFieldKeys, loadElementForm } from '../../api/forms';
import type { Attachment, CaseDetail, CompleteResponse, Task, Variables } from '../../api/types';
import { Button } from '../../components/button';
import { CamundaForm, type CamundaFormHandle, type FormSchema } from '../../components/camunda-form';
import { Dialog } from '../../components/dialog';
import { TextArea, TextField } from '../../components/field';
import { Loading } from '../../components/page';
import { ID_VARIABLES } from '../../i18n/content';
import { NEGATIVE_DECISIONS } from '../../i18n/domain';
import { useCaseVocabulary } from '../../i18n/use-case-vocabulary';
import { formatDateTime } from '../../i18n/format';
import { VerificationObjections, verifiesObjection } from '../cases/objection-findings';
import { defineMessages, useLang, useMessages } from '../../i18n/i18n';
import { useSubmit } from '../../api/use-submit';

const m = defineMessages({
  zh: {
    title: (name: string) => `办理：${name}`,
    caseNo: '案件编号',
    applicant: '申请人',
    due: '办理期限',
    decision: '审核结论',
    comment: '审核意见',
    commentHint: '意见将记入案件办理记录，申请人可见。',
    variables: '本环节填写',
    variablesHint: '仅提交您修改过的字段。',
    noVariables: '本环节无需填写其他内容。',
    form: '本环节表单',
    caseData: '案件信息（只读）',
    items: (n: number) => `${n} 项`,
    formInvalid: '表单中有未填或填写有误的项目，请按提示修改。',
    submit: '提交',
    cancel: '取消',
    pickDecision: '请选择一个审核结论。',
    invalidNumber: '请输入数字。',
    yes: '是',
    loadFailed: '无法读取流程定义，暂时只能提交意见和字段。',
    details: '技术细节',
  },
  en: {
    title: (name: string) => `Complete: ${name}`,
    caseNo: 'Case no.',
    applicant: 'Applicant',
    due: 'Due',
    decision: 'Decision',
    comment: 'Comment',
    commentHint: 'The comment is recorded in the case history and visible to the applicant.',
    variables: 'This step writes',
    variablesHint: 'Only the fields you change are sent.',
    noVariables: 'This step takes nothing else.',
    form: 'Form of this step',
    caseData: 'Case data (read-only)',
    items: (n: number) => `${n} items`,
    formInvalid: 'Some form fields are missing or invalid; please correct them.',
    submit: 'Submit',
    cancel: 'Cancel',
    pickDecision: 'Please choose a decision.',
    invalidNumber: 'Please enter a number.',
    yes: 'Yes',
    loadFailed: 'The procedure could not be read; you can still submit a comment and fields.',
    details: 'Technical details',
  },
});

// Variables the engine or the case owns; editing them here would only cause confusion.
const HIDDEN_VARS = new Set(['businessKey', 'decision', 'district', 'applicantId', 'employerId']);

type Editable = { name: string; kind: 'string' | 'number' | 'boolean'; original: string | number | boolean };

/** rf:writes without a form: those variables, prefilled from the case (new ones as text). */
function editableVars(vars: Variables, writes: string[]): Editable[] {
  const out: Editable[] = [];
  for (const name of writes) {
    if (HIDDEN_VARS.has(name)) continue;
    const v = vars[name];
    if (v === undefined || v === null) out.push({ name, kind: 'string', original: '' });
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      out.push({ name, kind: typeof v as Editable['kind'], original: v });
  }
  return out;
}

/** Case data shown read-only: plain values in words, lists as a count, objects left out (never raw JSON). */
function readOnlyVars(vars: Variables, editable: Set<string>): [string, unknown][] {
  return Object.entries(vars).filter(
    ([name, v]) =>
      !HIDDEN_VARS.has(name) &&
      !editable.has(name) &&
      v !== null &&
      (typeof v !== 'object' || Array.isArray(v)),
  );
}

interface Props {
  task: Task | null;
  onClose: () => void;
  onDone: (res: CompleteResponse) => void;
}

export function CompleteTaskDialog({ task, onClose, onDone }: Props) {
  const t = useMessages(m);
  const { lang } = useLang();
  const [model, setModel] = useState<BpmnModel | undefined>(undefined);
  // the procedure's words: decisions from the step's form, labels from the forms' fields
  const vocab = useCaseVocabulary(model);
  const varLabel = vocab.fieldLabel;
  const [element, setElement] = useState<ModelElement | undefined>(undefined);
  const [schema, setSchema] = useState<FormSchema | null | undefined>(undefined);
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const formHandle = useRef<CamundaFormHandle | null>(null);
  const [caseData, setCaseData] = useState<CaseDetail | null | undefined>(undefined);
  const [decisions, setDecisions] = useState<string[] | undefined>(undefined);
  const [modelFailed, setModelFailed] = useState(false);
  const [decision, setDecision] = useState('');
  const [comment, setComment] = useState('');
  const [values, setValues] = useState<Record<string, string | boolean>>({});
  const { busy, error, setError, run } = useSubmit((err) => err);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  // One key per opening: a double click or a retry after a timeout completes the task once.
  const idempotencyKey = useMemo(() => (task ? crypto.randomUUID() : ''), [task]);

  useEffect(() => {
    setCaseData(undefined);
    setElement(undefined);
    setSchema(undefined);
    setAttachments([]);
    setDecisions(undefined);
    setModelFailed(false);
    setDecision('');
    setComment('');
    setValues({});
    setError(undefined);
    setFieldErrors({});
    if (!task) return;
    let live = true;
    void (async () => {
      const c = await loadCase(task.caseId, true);
      if (!live) return;
      setCaseData(c);
      if (!c) return;
      try {
        const { model } = await loadDefinition(c.processKey, c.version);
        const el = model.elements.get(task.elementId);
        const form = await loadElementForm(model, el).catch(() => null);
        if (form)
          await api
            .get<Attachment[]>(`/cases/${c.id}/attachments`)
            .then((a) => live && setAttachments(a))
            .catch(() => undefined);
        if (live) {
          setModel(model);
          setElement(el);
          setSchema(form);
          setDecisions(el?.decisions ?? []);
        }
      } catch {
        if (live) {
          setSchema(null);
          setDecisions([]);
          setModelFailed(true);
        }
      }
    })();
    return () => {
      live = false;
    };
  }, [task]);

  const formKeys = useMemo(() => (schema ? formFieldKeys(schema) : new Map<string, string>()), [schema]);
  const fields = useMemo(
    () => (caseData && !schema ? editableVars(caseData.variables, element?.writes ?? []) : []),
    [caseData, schema, element],
  );
  const shown = useMemo(
    () =>
      caseData
        ? readOnlyVars(caseData.variables, new Set([...formKeys.keys(), ...fields.map((f) => f.name)]))
        : [],
    [caseData, formKeys, fields],
  );
  // The form's initial data: the case's values of the form's own fields.
  const formData = useMemo(() => {
    if (!caseData || !schema) return undefined;
    const d: Record<string, unknown> = {};
    for (const k of formKeys.keys()) if (caseData.variables[k] !== undefined) d[k] = caseData.variables[k];
    return d;
  }, [caseData, schema, formKeys]);
  const formHasDecision = formKeys.has('decision');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!task) return;
    const errs: Record<string, string> = {};
    if (decisions && decisions.length > 0 && !formHasDecision && !decision) errs.decision = t.pickDecision;
    const variables: Variables = {};
    if (schema) {
      const handle = formHandle.current;
      if (!handle) return;
      const res = handle.submit();
      if (!res.valid) errs.form = t.formInvalid;
      Object.assign(variables, res.data);
    }
    for (const f of fields) {
      const v = values[f.name];
      if (v === undefined) continue;
      if (f.kind === 'number') {
        const n = Number(v);
        if (v === '' || Number.isNaN(n)) errs[f.name] = t.invalidNumber;
        else if (n !== f.original) variables[f.name] = n;
      } else if (v !== f.original) variables[f.name] = v;
    }
    setFieldErrors(errs);
    if (Object.keys(errs).length) return;
    await run(async () => {
      const res = await api.post<CompleteResponse>(
        `/tasks/${task.id}/complete`,
        // decision and comment are fields of the request, not case variables the client writes.
        { decision: decision || undefined, variables, comment: comment.trim() || undefined },
        { 'Idempotency-Key': idempotencyKey },
      );
      onDone(res);
    });
  };

  const explained = error ? explainError(error, lang) : undefined;
  const formId = 'complete-task-form';
  return (
    <Dialog
      open={!!task}
      wide
      title={task ? t.title(task.name ?? task.elementId) : ''}
      onClose={onClose}
      closeLabel={t.cancel}
      footer={
        <>
          <Button onClick={onClose}>{t.cancel}</Button>
          <Button type="submit" form={formId} variant="primary" busy={busy} disabled={caseData === undefined}>
            {t.submit}
          </Button>
        </>
      }
    >
      {task && caseData === undefined && <Loading />}
      {task && caseData !== undefined && (
        <form id={formId} onSubmit={(e) => void submit(e)} noValidate>
          {explained && (
            <div className="alert alert-danger" role="alert" data-testid="complete-error">
              <div className="alert-text">
                <strong>{explained.text}</strong>
                {explained.detail && (
                  <details className="alert-detail">
                    <summary>{t.details}</summary>
                    <code>{explained.detail}</code>
                  </details>
                )}
              </div>
            </div>
          )}
          {caseData && (
            <dl className="kv complete-summary">
              <dt>{t.caseNo}</dt>
              <dd className="mono">{caseData.businessKey}</dd>
              {typeof caseData.variables.applicantName === 'string' && (
                <>
                  <dt>{t.applicant}</dt>
                  <dd>{caseData.variables.applicantName}</dd>
                </>
              )}
              {task.dueAt && (
                <>
                  <dt>{t.due}</dt>
                  <dd>{formatDateTime(task.dueAt, lang)}</dd>
                </>
              )}
            </dl>
          )}
          {modelFailed && (
            <div className="alert alert-warning" role="note">
              <div className="alert-text">{t.loadFailed}</div>
            </div>
          )}
          {caseData && verifiesObjection(decisions) && <VerificationObjections caseId={caseData.id} />}
          {decisions === undefined && caseData && <Loading />}
          {decisions && decisions.length > 0 && !formHasDecision && (
            <fieldset
              className="decision-options"
              aria-describedby={fieldErrors.decision ? 'decision-error' : undefined}
            >
              <legend>
                {t.decision}
                <span className="field-required" aria-hidden="true">
                  *
                </span>
              </legend>
              {decisions.map((d) => (
                <label
                  key={d}
                  className={`decision-option${NEGATIVE_DECISIONS.has(d) ? ' decision-negative' : ''}`}
                >
                  <input
                    type="radio"
                    name="decision"
                    value={d}
                    checked={decision === d}
                    onChange={() => setDecision(d)}
                  />
                  {vocab.decisionLabel(d, task?.elementId)}
                </label>
              ))}
              {fieldErrors.decision && (
                <div id="decision-error" className="field-error" role="alert">
                  {fieldErrors.decision}
                </div>
              )}
            </fieldset>
          )}
          <TextArea
            label={t.comment}
            hint={t.commentHint}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            maxLength={4000}
          />
          {schema && (
            <>
              <h3 className="section-title">{t.form}</h3>
              <CamundaForm
                schema={schema}
                data={formData}
                attachments={attachments}
                onReady={(h) => (formHandle.current = h)}
                testId="task-form"
              />
              {fieldErrors.form && (
                <div className="field-error" role="alert">
                  {fieldErrors.form}
                </div>
              )}
            </>
          )}
          {schema === null && (
            <>
              <h3 className="section-title">{t.variables}</h3>
              <p className="field-hint">{fields.length ? t.variablesHint : t.noVariables}</p>
            </>
          )}
          <div className="vars-form">
            {fields.map((f) =>
              f.kind === 'boolean' ? (
                <label key={f.name} className="field checkbox-field">
                  <span className={`field-label${varLabel(f.name).known ? '' : ' mono'}`} title={f.name}>
                    {varLabel(f.name).text}
                  </span>
                  <span>
                    <input
                      type="checkbox"
                      checked={(values[f.name] as boolean | undefined) ?? (f.original as boolean)}
                      onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.checked }))}
                    />{' '}
                    {t.yes}
                  </span>
                </label>
              ) : (
                <TextField
                  key={f.name}
                  label={
                    <span className={varLabel(f.name).known ? undefined : 'mono'} title={f.name}>
                      {varLabel(f.name).text}
                    </span>
                  }
                  type={f.kind === 'number' ? 'number' : 'text'}
                  value={String(values[f.name] ?? f.original)}
                  error={fieldErrors[f.name]}
                  onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
                />
              ),
            )}
          </div>
          {shown.length > 0 && (
            <>
              <h3 className="section-title">{t.caseData}</h3>
              <dl className="kv kv-vars" data-testid="case-data-readonly">
                {shown
                  // ids are not for people; a value without any label only in English
                  .filter(([name]) => !ID_VARIABLES.has(name) && (lang !== 'zh' || varLabel(name).known))
                  .map(([name, v]) => (
                    <div key={name} className="kv-row" data-var={name}>
                      <dt title={name} className={varLabel(name).known ? undefined : 'mono'}>
                        {varLabel(name).text}
                      </dt>
                      <dd>
                        {Array.isArray(v)
                          ? t.items(v.length)
                          : typeof v === 'boolean'
                            ? v
                              ? t.yes
                              : '—'
                            : vocab.valueText(name, v)}
                      </dd>
                    </div>
                  ))}
              </dl>
            </>
          )}
        </form>
      )}
    </Dialog>
  );
}
