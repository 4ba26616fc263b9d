// Link events (Camunda 8): an intermediate throw event with a link definition continues at the intermediate
// catch event with the same link name in the same scope. The compiler makes that jump an ordinary sequence
// flow (id `<throw id>#link`, which no XML id can be), so joins, reachability and the engine need nothing new.
import type { FlowNode, LinkEventNode, SequenceFlow } from '../../graph.types';

interface Problems {
  err(elementId: string | undefined, message: string): void;
}

interface ModLike {
  $type: string;
  eventDefinitions?: unknown;
}

const LINK = 'bpmn:LinkEventDefinition';

/** Is this an intermediate throw or catch event whose (only) definition is a link? */
export function isLinkEvent(el: ModLike): boolean {
  if (el.$type !== 'bpmn:IntermediateThrowEvent' && el.$type !== 'bpmn:IntermediateCatchEvent') return false;
  const defs = Array.isArray(el.eventDefinitions) ? (el.eventDefinitions as { $type: string }[]) : [];
  return defs.some((d) => d.$type === LINK);
}

export function linkEvent(
  el: ModLike,
  base: { id: string; name?: string; scope: string; incoming: string[]; outgoing: string[] },
  out: Problems,
): LinkEventNode | undefined {
  const defs = el.eventDefinitions as { $type: string; name?: unknown }[];
  if (defs.length > 1) {
    out.err(base.id, 'multiple event definitions on one event are not supported');
    return undefined;
  }
  const linkName = typeof defs[0]?.name === 'string' ? defs[0].name.trim() : '';
  if (!linkName) {
    out.err(base.id, 'a link event needs a name on its linkEventDefinition');
    return undefined;
  }
  const role = el.$type === 'bpmn:IntermediateThrowEvent' ? 'throw' : 'catch';
  return { ...base, kind: 'linkEvent', role, linkName };
}

/** Before flows are wired: one catch per name and scope, every throw finds its catch; adds the jumps. */
export function resolveLinks(
  nodes: Record<string, FlowNode>,
  flows: Record<string, SequenceFlow>,
  out: Problems,
): void {
  const links = Object.values(nodes).filter((n): n is LinkEventNode => n.kind === 'linkEvent');
  const catches = new Map<string, string>();
  for (const c of links.filter((l) => l.role === 'catch')) {
    const key = `${c.scope}\u0000${c.linkName}`;
    const other = catches.get(key);
    if (other)
      out.err(c.id, `link catch events ${other} and ${c.id} share the name '${c.linkName}' in one scope`);
    else catches.set(key, c.id);
  }
  for (const f of Object.values(flows)) {
    const s = nodes[f.source];
    const t = nodes[f.target];
    if (s?.kind === 'linkEvent' && s.role === 'throw')
      out.err(f.id, `link throw event ${s.id} cannot have outgoing sequence flows`);
    if (t?.kind === 'linkEvent' && t.role === 'catch')
      out.err(f.id, `link catch event ${t.id} cannot have incoming sequence flows`);
  }
  for (const t of links.filter((l) => l.role === 'throw')) {
    const target = catches.get(`${t.scope}\u0000${t.linkName}`);
    if (!target) {
      out.err(t.id, `link throw event ${t.id}: no link catch event named '${t.linkName}' in the same scope`);
      continue;
    }
    const id = `${t.id}#link`;
    flows[id] = { id, source: t.id, target };
  }
}
