import type { Params } from '../../app/router';
import { PageHeader } from '../../components/page';

export function CasePage(_props: { params: Params }) {
  return <PageHeader title="CasePage" />;
}
