// PLACEHOLDER. Owned by the other UI engineer (calendar admin: years, upload/override, provisional cases); replace freely.
import { Card, PageHeader } from '../../components/page';

export function CalendarPage() {
  return (
    <>
      <PageHeader title="工作日历 / Calendar" />
      <Card>
        <p className="muted">—</p>
      </Card>
    </>
  );
}
