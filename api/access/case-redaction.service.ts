// Field-level rules on what a visible case shows (README "Who sees what"):
// - an objector's identity is shown to reviewers (and to the objector) only;
// - a peer's vote is sealed: while the caller has not completed their own instance of an element, what the other
//   completers of that element wrote (decision, comment, variables, the multi-instance output collection) is hidden
//   from them. Reviewers and the all-seeing roles are not peers and see everything.
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { seesEverything } from './case-visibility.predicate';
import { othersCompletionsAtMyElements } from '../../db/tasks.repository';

/** Roles that see who filed an objection. */
export const OBJECTOR_VISIBLE_ROLES: readonly string[] = [
  'district-reviewer',
  'city-reviewer',
  'org-department',
  'admin',
];

export const seesObjectors = (user: AuthUser): boolean =>
  user.roles.some((r) => OBJECTOR_VISIBLE_ROLES.includes(r));

export interface HistoryView {
  seq: number;
  at: string;
  type: string;
  elementId?: string;
  actor?: string;
  data: Record<string, unknown>;
}

/** What the caller may not see of one case: elements whose peers' votes are sealed, and the variables they wrote. */
export interface Seal {
  objectors: boolean;
  /** element id -> the users whose completion there is sealed */
  sealed: Map<string, Set<string>>;
  variables: Set<string>;
}

const OBJECTION_KEY = /objection/i;

/** Drops `createdBy` from objection-like objects (keys naming an objection), at any depth. */
export function withoutObjectors(value: unknown, me: string, underObjection = false): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutObjectors(v, me, underObjection));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (underObjection && k === 'createdBy' && v !== me) continue;
    out[k] = withoutObjectors(v, me, underObjection || OBJECTION_KEY.test(k));
  }
  return out;
}

export function redactVariables(
  vars: Record<string, unknown>,
  user: AuthUser,
  seal: Seal,
): Record<string, unknown> {
  let out = vars;
  if (seal.variables.size > 0)
    out = Object.fromEntries(Object.entries(out).filter(([k]) => !seal.variables.has(k)));
  if (!seal.objectors) out = withoutObjectors(out, user.username) as Record<string, unknown>;
  return out;
}

/** The objection itself, or the objection message reaching the case (both carry the objector as actor). */
const isObjection = (e: HistoryView): boolean =>
  e.type === 'objection' || (e.type === 'message-correlated' && e.data.name === 'objection');

export function redactHistory(events: HistoryView[], user: AuthUser, seal: Seal): HistoryView[] {
  return events.map((e) => {
    let view = e;
    if (!seal.objectors && isObjection(e) && e.actor !== user.username) {
      const { actor: _hidden, ...rest } = view;
      view = rest;
    }
    if (!seal.objectors)
      view = { ...view, data: withoutObjectors(view.data, user.username) as HistoryView['data'] };
    const sealedBy = e.elementId ? seal.sealed.get(e.elementId) : undefined;
    if (e.type === 'task-completed' && e.actor && sealedBy?.has(e.actor)) {
      const { decision: _d, comment: _c, ...data } = view.data;
      view = { ...view, data: { ...data, sealed: true } };
    }
    return view;
  });
}

const NO_SEAL: Seal = { objectors: true, sealed: new Map(), variables: new Set() };

@Injectable()
export class CaseRedaction {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async sealFor(user: AuthUser, caseId: string): Promise<Seal> {
    const objectors = seesObjectors(user);
    if (seesEverything(user) || !user.roles.includes('expert'))
      return objectors ? NO_SEAL : { ...NO_SEAL, objectors };
    // Completions by others at elements where the caller was offered or held an instance and completed none.
    const rows = await othersCompletionsAtMyElements(this.dataSource, caseId, user.username, user.roles);
    const sealed = new Map<string, Set<string>>();
    const variables = new Set<string>();
    for (const r of rows) {
      const by = sealed.get(r.element_id) ?? new Set<string>();
      by.add(r.completed_by);
      sealed.set(r.element_id, by);
      for (const k of Object.keys(r.variables ?? {})) variables.add(k);
      if (r.output_collection) variables.add(r.output_collection);
    }
    return { objectors, sealed, variables };
  }
}
