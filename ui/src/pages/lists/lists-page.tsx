import type { Params } from '../../app/router';
import { PageHeader } from '../../components/page';

export function ListsPage(_props: { params: Params }) {
  return <PageHeader title="ListsPage" />;
}
