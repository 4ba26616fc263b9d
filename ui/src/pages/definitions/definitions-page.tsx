// PLACEHOLDER. Owned by the other UI engineer (definitions: upload BPMN, versions, diagrams); replace freely.
import type { Params } from '../../app/router';
import { Card, PageHeader } from '../../components/page';

export function DefinitionsPage({ params }: { params: Params }) {
  return (
    <>
      <PageHeader title="流程定义 / Definitions" />
      <Card>
        <p className="muted">{params.key ? `${params.key} v${params.version ?? ''}` : '—'}</p>
      </Card>
    </>
  );
}
