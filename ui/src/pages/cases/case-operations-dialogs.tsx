// The administrator's dialogs on a case: 修改变量并重试 (retry an incident after editing variables), 修改流程
// (terminate running steps, activate another, optional data) and 取消案件 (with a reason).
import { type FormEvent, useEffect, useState } from 'react';
import { useSubmit } from '../../api/use-submit';
import type { BpmnModel, ModelElement } from '../../api/bpmn-model';
import { api } from '../../api/client';
import { Button } from '../../components/button';
import { Dialog } from '../../components/dialog';
import { SelectField, TextArea } from '../../components/field';
import { Loading } from '../../components/page';
import { defineMessages, useLang, useMessages } from '../../i18n/i18n';
import { type ElementInstance, type IncidentItem, causeText } from '../incidents/incident-words';
import { VariablesEditor, refusalText } from './case-operations-variables';

const m = defineMessages({
  zh: {
    retryTitle: '修改变量并重试',
    retryIntro: (step: string) => `环节“${step}”执行异常。修改下列案件数据后，系统将重新执行该环节。`,
    retry: '保存并重试',
    cancelAction: '取消',
    modifyTitle: '修改流程',
    modifyIntro:
      '终止正在进行的环节，并从流程中的另一环节继续。此操作记入办理记录。若终止全部环节且不激活新环节，案件将被终止。',
    terminate: '终止以下进行中的环节',
    noRunning: '当前没有进行中的环节。',
    activate: '从以下环节继续',
    activateNone: '（不激活新环节）',
    dataTitle: '同时修改案件数据（可选）',
    dataNeedsStep: '选择要激活的环节后可同时修改案件数据。',
    modify: '确认修改',
    incidentMark: '异常',
    unnamed: '未命名环节',
    cancelTitle: '取消案件',
    cancelIntro: '取消后案件终止，所有待办任务撤回，原因记入办理记录。此操作不可撤销。',
    reason: '取消原因',
    cancelCase: '确认取消案件',
  },
  en: {
    retryTitle: 'Edit data and retry',
    retryIntro: (step: string) =>
      `Step “${step}” failed. Edit the case data below; the step then runs again.`,
    retry: 'Save and retry',
    cancelAction: 'Cancel',
    modifyTitle: 'Modify the process',
    modifyIntro:
      'End running steps and continue from another step of the process. Recorded in the history. Ending every step without activating one terminates the case.',
    terminate: 'End these running steps',
    noRunning: 'No step is running.',
    activate: 'Continue from this step',
    activateNone: '(activate no step)',
    dataTitle: 'Also edit case data (optional)',
    dataNeedsStep: 'Choose a step to activate to edit case data with it.',
    modify: 'Apply',
    incidentMark: 'incident',
    unnamed: 'Unnamed step',
    cancelTitle: 'Cancel the case',
    cancelIntro:
      'The case is terminated, its open tasks are withdrawn and the reason goes into the history. This cannot be undone.',
    reason: 'Reason',
    cancelCase: 'Cancel the case',
  },
});

function ErrorLine({ text }: { text: string | undefined }) {
  if (!text) return null;
  return (
    <div className="alert alert-danger" role="alert">
      <div className="alert-text">{text}</div>
    </div>
  );
}

export function RetryDialog({
  caseId,
  incident,
  variables,
  model,
  onClose,
  onDone,
}: {
  caseId: string;
  incident: IncidentItem | null;
  variables: Record<string, unknown>;
  model: BpmnModel | undefined;
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useMessages(m);
  const { lang } = useLang();
  const [edits, setEdits] = useState<Record<string, unknown>>({});
  const { busy, error, setError, run } = useSubmit((err) => refusalText(err, lang));
  useEffect(() => {
    setEdits({});
    setError(undefined);
  }, [incident]);
  const submit = async () => {
    if (!incident) return;
    await run(async () => {
      await api.post(
        `/cases/${encodeURIComponent(caseId)}/incidents/${encodeURIComponent(incident.incidentKey)}/retry`,
        { variables: edits },
      );
      onDone();
    });
  };
  return (
    <Dialog
      open={incident !== null}
      title={t.retryTitle}
      onClose={onClose}
      wide
      footer={
        <>
          <Button onClick={onClose}>{t.cancelAction}</Button>
          <Button variant="primary" busy={busy} onClick={() => void submit()}>
            {t.retry}
          </Button>
        </>
      }
    >
      {incident && (
        <div className="stack" data-testid="retry-dialog">
          <p>{t.retryIntro(incident.elementName || t.unnamed)}</p>
          <p className="muted">{causeText(incident.cause, lang)}</p>
          <ErrorLine text={error} />
          <VariablesEditor variables={variables} model={model} edits={edits} onChange={setEdits} />
        </div>
      )}
    </Dialog>
  );
}

/** Elements a token can be put on (the API refuses the rest, this only keeps the list short). */
function activatable(model: BpmnModel): ModelElement[] {
  const incoming = new Map<string, number>();
  for (const f of model.flows) incoming.set(f.target, (incoming.get(f.target) ?? 0) + 1);
  const afterEventGateway = new Set(
    model.flows
      .filter((f) => model.elements.get(f.source)?.type === 'eventBasedGateway')
      .map((f) => f.target),
  );
  return [...model.elements.values()].filter((e) => {
    if (!e.name) return false; // unnamed elements cannot be chosen by name
    if (['startEvent', 'boundaryEvent'].includes(e.type)) return false;
    if (['parallelGateway', 'inclusiveGateway'].includes(e.type) && (incoming.get(e.id) ?? 0) > 1)
      return false;
    return !afterEventGateway.has(e.id);
  });
}

export function ModifyDialog({
  open,
  caseId,
  variables,
  model,
  onClose,
  onDone,
}: {
  open: boolean;
  caseId: string;
  variables: Record<string, unknown>;
  model: BpmnModel | undefined;
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useMessages(m);
  const { lang } = useLang();
  const [instances, setInstances] = useState<ElementInstance[] | undefined>();
  const [terminate, setTerminate] = useState<Set<string>>(new Set());
  const [target, setTarget] = useState('');
  const [edits, setEdits] = useState<Record<string, unknown>>({});
  const { busy, error, setError, run } = useSubmit((err) => refusalText(err, lang));
  useEffect(() => {
    if (!open) return;
    setInstances(undefined);
    setTerminate(new Set());
    setTarget('');
    setEdits({});
    setError(undefined);
    let live = true;
    api
      .get<ElementInstance[]>(`/cases/${encodeURIComponent(caseId)}/element-instances`)
      .then((list) => {
        if (live) setInstances(list);
      })
      .catch((err: unknown) => {
        if (live) {
          setInstances([]);
          setError(refusalText(err, lang));
        }
      });
    return () => {
      live = false;
    };
  }, [open, caseId, lang]);
  const nameOf = (i: ElementInstance) => i.elementName || model?.elements.get(i.elementId)?.name || t.unnamed;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await run(async () => {
      await api.post(`/cases/${encodeURIComponent(caseId)}/modification`, {
        ...(target
          ? {
              activateInstructions: [
                {
                  elementId: target,
                  ...(Object.keys(edits).length ? { variableInstructions: [{ variables: edits }] } : {}),
                },
              ],
            }
          : {}),
        ...(terminate.size
          ? { terminateInstructions: [...terminate].map((k) => ({ elementInstanceKey: k })) }
          : {}),
      });
      onDone();
    });
  };
  const formId = 'modify-case-form';
  return (
    <Dialog
      open={open}
      title={t.modifyTitle}
      onClose={onClose}
      wide
      footer={
        <>
          <Button onClick={onClose}>{t.cancelAction}</Button>
          <Button
            variant="primary"
            type="submit"
            form={formId}
            busy={busy}
            disabled={!target && terminate.size === 0}
          >
            {t.modify}
          </Button>
        </>
      }
    >
      <form id={formId} className="stack" data-testid="modify-dialog" onSubmit={(e) => void submit(e)}>
        <p>{t.modifyIntro}</p>
        <ErrorLine text={error} />
        <fieldset className="ops-fieldset">
          <legend className="field-label">{t.terminate}</legend>
          {!instances ? (
            <Loading />
          ) : instances.length === 0 ? (
            <p className="muted">{t.noRunning}</p>
          ) : (
            instances.map((i) => (
              <label key={i.key} className="ops-check">
                <input
                  type="checkbox"
                  checked={terminate.has(i.key)}
                  onChange={(e) => {
                    const next = new Set(terminate);
                    if (e.target.checked) next.add(i.key);
                    else next.delete(i.key);
                    setTerminate(next);
                  }}
                />{' '}
                {nameOf(i)}
                {i.incident && <span className="badge badge-danger">{t.incidentMark}</span>}
              </label>
            ))
          )}
        </fieldset>
        <SelectField label={t.activate} value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="">{t.activateNone}</option>
          {(model ? activatable(model) : []).map((el) => (
            <option key={el.id} value={el.id}>
              {el.name}
            </option>
          ))}
        </SelectField>
        <details>
          <summary>{t.dataTitle}</summary>
          {target ? (
            <VariablesEditor variables={variables} model={model} edits={edits} onChange={setEdits} />
          ) : (
            <p className="muted">{t.dataNeedsStep}</p>
          )}
        </details>
      </form>
    </Dialog>
  );
}

export function CancelDialog({
  open,
  caseId,
  onClose,
  onDone,
}: {
  open: boolean;
  caseId: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useMessages(m);
  const { lang } = useLang();
  const [reason, setReason] = useState('');
  const { busy, error, setError, run } = useSubmit((err) => refusalText(err, lang));
  useEffect(() => {
    if (open) {
      setReason('');
      setError(undefined);
    }
  }, [open]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return;
    await run(async () => {
      await api.post(`/cases/${encodeURIComponent(caseId)}/cancel`, { reason: reason.trim() });
      onDone();
    });
  };
  const formId = 'cancel-case-form';
  return (
    <Dialog
      open={open}
      title={t.cancelTitle}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t.cancelAction}</Button>
          <Button variant="danger" type="submit" form={formId} busy={busy} disabled={!reason.trim()}>
            {t.cancelCase}
          </Button>
        </>
      }
    >
      <form id={formId} className="stack" data-testid="cancel-dialog" onSubmit={(e) => void submit(e)}>
        <p>{t.cancelIntro}</p>
        <ErrorLine text={error} />
        <TextArea
          label={t.reason}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={2000}
          required
        />
      </form>
    </Dialog>
  );
}
