// Who may start a process and who may publish a message, as the definition's rf attributes say (contract §1).
import type { ProcessGraph } from '../../bpmn/graph.types';
import type { AuthUser } from '../auth/auth-user';

/** Published by POST /cases/:id/objections only: nobody sends it through /messages or a batch, admin included. */
export const OBJECTION_MESSAGE = 'objection';

const isAdmin = (user: AuthUser) => user.roles.includes('admin');

/** rf:startableBy on the process (absent: admin only); admin may always start. */
export function mayStart(
  graph: Pick<ProcessGraph, 'startableBy'> | null | undefined,
  user: AuthUser,
): boolean {
  if (isAdmin(user)) return true;
  const roles = graph?.startableBy ?? [];
  return user.roles.some((r) => roles.includes(r));
}

/** rf:senders on the message (absent: admin only); admin may always send, except the objection message. */
export function maySend(
  graph: Pick<ProcessGraph, 'messageSenders'> | null | undefined,
  messageName: string,
  user: AuthUser,
): boolean {
  if (messageName === OBJECTION_MESSAGE) return false;
  if (isAdmin(user)) return true;
  const roles = graph?.messageSenders?.[messageName] ?? [];
  return user.roles.some((r) => roles.includes(r));
}
