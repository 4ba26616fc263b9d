// The route table. Each page is a component taking its path params; `nav` puts it in the top navigation.
import type { ComponentType } from 'react';
import type { Role } from '../api/types';
import { ApplyPage } from '../pages/apply/apply-page';
import { MyCasesPage } from '../pages/apply/my-cases-page';
import { CalendarPage } from '../pages/calendar/calendar-page';
import { CasePage } from '../pages/cases/case-page';
import { CasesPage } from '../pages/cases/cases-page';
import { DashboardPage } from '../pages/dashboard/dashboard-page';
import { DefinitionVersionPage } from '../pages/definitions/definition-version-page';
import { DefinitionsPage } from '../pages/definitions/definitions-page';
import { DonePage } from '../pages/done/done-page';
import { InboxPage } from '../pages/inbox/inbox-page';
import { IncidentsPage } from '../pages/incidents/incidents-page';
import { ListNoticePage } from '../pages/lists/list-notice-page';
import { ListRecordsPage } from '../pages/lists/list-records-page';
import { ListsPage } from '../pages/lists/lists-page';
import { LoginPage } from '../pages/login/login-page';
import type { Params } from './router';

export interface RouteDef {
  path: string;
  component: ComponentType<{ params: Params }>;
  /** Reachable without logging in. */
  public?: boolean;
  /** Top navigation entry; shown only to users with one of `roles` (all users when absent). */
  nav?: { zh: string; en: string; roles?: Role[] };
  /** Highlights this nav entry for sub-paths too (e.g. /cases/:id under /cases). */
  navPrefix?: string;
}

export const routes: RouteDef[] = [
  { path: '/login', component: LoginPage, public: true },
  { path: '/inbox', component: InboxPage, nav: { zh: '待办任务', en: 'Inbox' } },
  {
    path: '/done',
    component: DonePage,
    nav: {
      zh: '已办',
      en: 'Done',
      roles: ['district-reviewer', 'city-reviewer', 'expert', 'org-department', 'finance', 'admin'],
    },
  },
  {
    path: '/dashboard',
    component: DashboardPage,
    nav: {
      zh: '总览',
      en: 'Overview',
      roles: ['admin', 'org-department', 'city-reviewer', 'district-reviewer'],
    },
  },
  { path: '/cases', component: CasesPage, nav: { zh: '案件查询', en: 'Cases' }, navPrefix: '/cases' },
  // Before /cases/:id, which would take "new" for an id.
  {
    path: '/cases/new',
    component: ApplyPage,
    nav: { zh: '我要申报', en: 'Apply', roles: ['applicant', 'employer'] },
  },
  {
    path: '/my-cases',
    component: MyCasesPage,
    nav: { zh: '我的申报', en: 'My applications', roles: ['applicant', 'employer'] },
  },
  { path: '/cases/:id', component: CasePage },
  {
    path: '/lists',
    component: ListsPage,
    nav: {
      zh: '名单公示与审批',
      en: 'Lists',
      roles: ['city-reviewer', 'org-department', 'admin', 'district-reviewer', 'expert'],
    },
    navPrefix: '/lists',
  },
  { path: '/lists/records', component: ListRecordsPage },
  { path: '/lists/records/:id', component: ListNoticePage },
  // Admin pages: ui/src/pages/definitions and ui/src/pages/calendar.
  {
    path: '/definitions',
    component: DefinitionsPage,
    nav: { zh: '流程定义', en: 'Definitions', roles: ['admin'] },
    navPrefix: '/definitions',
  },
  { path: '/definitions/:key/:version', component: DefinitionVersionPage },
  { path: '/calendar', component: CalendarPage, nav: { zh: '工作日历', en: 'Calendar', roles: ['admin'] } },
  {
    path: '/incidents',
    component: IncidentsPage,
    nav: { zh: '异常处理', en: 'Incidents', roles: ['admin'] },
  },
];

/** Where "/" and a fresh login lead. */
export const HOME = '/inbox';
