// The app shell: top bar (brand, navigation, language, user), then the page that matches the URL.
import { type ReactNode, useEffect } from 'react';
import { logout } from '../api/client';
import { Link, matchPath, navigate, type Params, useLocation } from './router';
import { HOME, type RouteDef, routes } from './routes';
import { useSession } from './session';
import { defineMessages, LANGS, useLang, useMessages } from '../i18n/i18n';
import { NotificationBell } from '../components/notification-bell';
import { EmptyState, PageHeader } from '../components/page';
import { ROLE_LABELS, useDistrictLabel } from '../i18n/domain';

const m = defineMessages({
  zh: {
    appName: '人才项目评审平台',
    skip: '跳到主要内容',
    mainNav: '主导航',
    language: '界面语言',
    logout: '退出登录',
    notFound: '页面不存在',
    notFoundText: '您访问的地址不存在。',
    backHome: '返回待办任务',
  },
  en: {
    appName: 'Talent Programme Review',
    skip: 'Skip to main content',
    mainNav: 'Main navigation',
    language: 'Language',
    logout: 'Sign out',
    notFound: 'Page not found',
    notFoundText: 'There is no page at this address.',
    backHome: 'Back to the inbox',
  },
});

function findRoute(pathname: string): { route: RouteDef; params: Params } | undefined {
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return undefined;
}

export function App() {
  const session = useSession();
  const { pathname, search } = useLocation();
  const found = findRoute(pathname);

  // Redirects: "/" → home; pages need a session; the login page is pointless once logged in.
  const needsLogin = !session && !found?.route.public && pathname !== '/';
  useEffect(() => {
    if (pathname === '/') navigate(session ? HOME : '/login', { replace: true });
    else if (needsLogin)
      navigate(`/login?next=${encodeURIComponent(pathname + window.location.search)}`, { replace: true });
    else if (session && pathname === '/login') navigate(safeNext(search.get('next')), { replace: true });
  }, [pathname, session, needsLogin, search]);

  if (pathname === '/' || needsLogin) return null;
  if (found?.route.public) {
    const Page = found.route.component;
    return <Page params={found.params} />;
  }
  return (
    <Shell pathname={pathname}>
      {found ? <found.route.component key={pathname} params={found.params} /> : <NotFound />}
    </Shell>
  );
}

/** Only same-app paths are followed after login. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : HOME;
}

function NotFound() {
  const t = useMessages(m);
  return (
    <>
      <PageHeader title={t.notFound} />
      <EmptyState>
        <p>{t.notFoundText}</p>
        <Link to={HOME}>{t.backHome}</Link>
      </EmptyState>
    </>
  );
}

function Shell({ pathname, children }: { pathname: string; children: ReactNode }) {
  const t = useMessages(m);
  const roleLabels = useMessages(ROLE_LABELS);
  const district = useDistrictLabel();
  const { lang, setLang } = useLang();
  const session = useSession();
  const roles = session?.user.roles ?? [];
  const nav = routes.filter((r) => r.nav && (!r.nav.roles || r.nav.roles.some((x) => roles.includes(x))));
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t.skip}
      </a>
      <header className="topbar">
        <Link to={HOME} className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">{t.appName}</span>
        </Link>
        <nav aria-label={t.mainNav} className="mainnav">
          <ul>
            {nav.map((r) => {
              // A prefix marks sub-paths, except those that are nav entries of their own (/cases/new).
              const current =
                pathname === r.path ||
                (!!r.navPrefix && pathname.startsWith(r.navPrefix) && !nav.some((o) => o.path === pathname));
              return (
                <li key={r.path}>
                  <Link to={r.path} className="mainnav-link" aria-current={current ? 'page' : undefined}>
                    {r.nav?.[lang]}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="topbar-right">
          <div className="lang-switch" role="group" aria-label={t.language}>
            {LANGS.map((l) => (
              <button
                key={l}
                type="button"
                className="lang-btn"
                aria-pressed={lang === l}
                lang={l === 'zh' ? 'zh-CN' : 'en'}
                onClick={() => setLang(l)}
              >
                {l === 'zh' ? '中文' : 'EN'}
              </button>
            ))}
          </div>
          {session && <NotificationBell />}
          {session && (
            <div className="user">
              <div className="user-text">
                <span className="user-name">{session.user.username}</span>
                <span className="user-role">
                  {session.user.roles.map((r) => roleLabels[r]).join('、')}
                  {session.user.district ? ` · ${district(session.user.district)}` : ''}
                </span>
              </div>
              <button type="button" className="btn btn-ghost btn-sm" onClick={logout}>
                {t.logout}
              </button>
            </div>
          )}
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
