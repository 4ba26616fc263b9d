import type { Params } from '../../app/router';
import { PageHeader } from '../../components/page';

export function CasesPage(_props: { params: Params }) {
  return <PageHeader title="CasesPage" />;
}
