import type { Params } from '../../app/router';
import { PageHeader } from '../../components/page';

export function InboxPage(_props: { params: Params }) {
  return <PageHeader title="InboxPage" />;
}
