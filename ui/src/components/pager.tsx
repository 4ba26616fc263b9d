// Server-side paging and sorting from the URL: `page` and `sort` (`field` or `-field`) live in the query string, so
// a list can be linked, reloaded and navigated back to; the API validates both and answers `total`.
import { setSearch, useLocation } from '../app/router';
import { defineMessages, useMessages } from '../i18n/i18n';
import { Button } from './button';

const m = defineMessages({
  zh: {
    prev: '上一页',
    next: '下一页',
    pageOf: (p: number, n: number) => `第 ${p} / ${n} 页`,
  },
  en: {
    prev: 'Previous',
    next: 'Next',
    pageOf: (p: number, n: number) => `Page ${p} of ${n}`,
  },
});

/** The list's page (1-based) and sort from the URL. */
export function useListParams(defaultSort?: string): { page: number; sort: string | undefined } {
  const { search } = useLocation();
  const page = Math.max(1, Math.floor(Number(search.get('page') ?? '1')) || 1);
  return { page, sort: search.get('sort') ?? defaultSort };
}

/** What DataTable needs to make headers sort: the URL's sort, and a click toggling it (back to page 1). */
export function urlSort(sort: string | undefined) {
  return {
    value: sort,
    onChange: (next: string) => setSearch({ sort: next, page: undefined }),
  };
}

export function Pager({ page, pageSize, total }: { page: number; pageSize: number; total: number }) {
  const t = useMessages(m);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1 && page <= 1) return null;
  return (
    <nav className="pager" aria-label={t.pageOf(page, pages)}>
      <Button size="sm" disabled={page <= 1} onClick={() => setSearch({ page: String(page - 1) })}>
        {t.prev}
      </Button>
      <span>{t.pageOf(page, pages)}</span>
      <Button size="sm" disabled={page >= pages} onClick={() => setSearch({ page: String(page + 1) })}>
        {t.next}
      </Button>
    </nav>
  );
}
