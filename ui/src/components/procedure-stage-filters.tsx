// Procedure and stage pickers shared by the inbox and the cases list; the URL's query string holds the choice.
import { useMemo } from 'react';
import { type ModelElement, loadDefinition } from '../api/bpmn-model';
import { api } from '../api/client';
import type { DefinitionSummary } from '../api/types';
import { useApi } from '../api/use-api';
import { setSearch } from '../app/router';
import { SelectField } from './field';

/** Deployed definitions, and the elements of `processKey`'s latest version that a case can wait at. */
export function useProcedureStages(processKey: string, isStage: (e: ModelElement) => boolean) {
  const definitions = useApi(
    (signal) => api.get<DefinitionSummary[]>('/process-definitions', undefined, signal),
    [],
  );
  const selected = definitions.data?.find((d) => d.key === processKey);
  const model = useApi(
    async () => (selected ? (await loadDefinition(selected.key, selected.latestVersion)).model : undefined),
    [selected?.key, selected?.latestVersion],
  );
  // isStage is a module-level predicate at every call site, so it is stable
  const stages = useMemo(
    () => [...(model.data?.elements.values() ?? [])].filter(isStage),
    [model.data, isStage],
  );
  const defName = (key: string) => definitions.data?.find((d) => d.key === key)?.name ?? key;
  return { definitions: definitions.data ?? [], stages, defName };
}

export function ProcedureStageFilters({
  processKey,
  elementId,
  definitions,
  stages,
  labels,
  keepUnknownStage = false,
}: {
  processKey: string;
  elementId: string;
  definitions: DefinitionSummary[];
  stages: ModelElement[];
  labels: { procedure: string; allProcedures: string; stage: string; allStages: string };
  /** keep a stage from the URL selectable even when the latest version no longer has it */
  keepUnknownStage?: boolean;
}) {
  return (
    <>
      <SelectField
        label={labels.procedure}
        value={processKey}
        onChange={(e) => setSearch({ processKey: e.target.value, elementId: undefined, page: undefined })}
      >
        <option value="">{labels.allProcedures}</option>
        {definitions.map((d) => (
          <option key={d.key} value={d.key}>
            {d.name ?? d.key}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={labels.stage}
        value={elementId}
        disabled={!processKey}
        onChange={(e) => setSearch({ elementId: e.target.value, page: undefined })}
      >
        <option value="">{labels.allStages}</option>
        {stages.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name || s.id}
          </option>
        ))}
        {keepUnknownStage && elementId && !stages.some((s) => s.id === elementId) && (
          <option value={elementId}>{elementId}</option>
        )}
      </SelectField>
    </>
  );
}
