// SQL checks after a driven run: each case at its expected end, one task row per task, one ledger row per tranche,
// one certificate per recognised case and a gap-free history per case. Returns what it counted and what is wrong.
import { Client } from 'pg';
import type { Playbook } from './programme-driver';

export interface CheckReport {
  cases: number;
  taskRows: number;
  ledgerRows: number;
  certificates: number;
  historyRows: number;
  problems: string[];
}

export async function checkProgrammeRun(
  databaseUrl: string,
  playbook: Playbook,
  caseIds: string[],
): Promise<CheckReport> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const problems: string[] = [];
  const say = (p: string) => {
    if (problems.length < 40) problems.push(p);
  };
  try {
    const ids = caseIds;
    const cases = await db.query<{ id: string; status: string; failure_reason: string | null }>(
      'SELECT id, status, failure_reason FROM cases WHERE id = ANY($1::uuid[])',
      [ids],
    );
    const statusOf = new Map(cases.rows.map((r) => [r.id, r]));

    // Duplicates by (case = workflow id, element-instance key), across every case of the run.
    const dupTasks = await db.query<{ case_id: string; element_instance_key: string; n: number }>(
      `SELECT case_id, element_instance_key, count(*)::int AS n FROM tasks WHERE case_id = ANY($1::uuid[])
        GROUP BY 1, 2 HAVING count(*) > 1`,
      [ids],
    );
    for (const d of dupTasks.rows) say(`task ${d.element_instance_key} of case ${d.case_id} has ${d.n} rows`);
    const tasks = await db.query<{ case_id: string; element_id: string; state: string; n: number }>(
      `SELECT case_id, element_id, state, count(*)::int AS n FROM tasks WHERE case_id = ANY($1::uuid[]) GROUP BY 1, 2, 3`,
      [ids],
    );
    const dupLedger = await db.query<{ case_id: string; tranche: string; n: number }>(
      `SELECT case_id, tranche, count(*)::int AS n FROM payments WHERE case_id = ANY($1::uuid[]) GROUP BY 1, 2 HAVING count(*) > 1`,
      [ids],
    );
    for (const d of dupLedger.rows) say(`tranche ${d.tranche} of case ${d.case_id} has ${d.n} ledger rows`);
    const ledger = await db.query<{ case_id: string; tranche: string; status: string }>(
      'SELECT case_id, tranche, status FROM payments WHERE case_id = ANY($1::uuid[])',
      [ids],
    );
    const gaps = await db.query<{ case_id: string; n: number; lo: number; hi: number; distinct_seq: number }>(
      `SELECT case_id, count(*)::int AS n, min(seq) AS lo, max(seq) AS hi, count(DISTINCT seq)::int AS distinct_seq
         FROM history_events WHERE case_id = ANY($1::uuid[]) GROUP BY case_id`,
      [ids],
    );
    const historyOf = new Map(gaps.rows.map((r) => [r.case_id, r]));
    const events = await db.query<{ case_id: string; type: string; element_id: string | null; n: number }>(
      `SELECT case_id, type, element_id, count(*)::int AS n FROM history_events
        WHERE case_id = ANY($1::uuid[]) AND type IN ('element-completed', 'certificate-issued', 'task-completed')
        GROUP BY 1, 2, 3`,
      [ids],
    );
    const certNos = await db.query<{ n: number; distinct_no: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT data->>'certificateNo')::int AS distinct_no FROM history_events
        WHERE case_id = ANY($1::uuid[]) AND type = 'certificate-issued'`,
      [ids],
    );
    if (certNos.rows[0] && certNos.rows[0].n !== certNos.rows[0].distinct_no)
      say(`${certNos.rows[0].n} certificates but ${certNos.rows[0].distinct_no} distinct numbers`);

    ids.forEach((id, i) => {
      const want = playbook.expect(i);
      const c = statusOf.get(id);
      if (!c) return say(`case ${i} (${id}) missing`);
      if (c.status !== want.status)
        say(
          `case ${i} is ${c.status}${c.failure_reason ? ` (${c.failure_reason})` : ''}, expected ${want.status}`,
        );
      const mine = events.rows.filter((e) => e.case_id === id);
      if (!mine.some((e) => e.type === 'element-completed' && e.element_id === want.endElement))
        say(`case ${i} did not reach ${want.endElement}`);
      const certs = mine.filter((e) => e.type === 'certificate-issued').reduce((n, e) => n + e.n, 0);
      if (certs !== want.certificates)
        say(`case ${i} has ${certs} certificates, expected ${want.certificates}`);
      const rows = tasks.rows.filter((t) => t.case_id === id);
      for (const r of rows)
        if (r.state === 'open') say(`case ${i} still has ${r.n} open ${r.element_id} task(s)`);
      const byElement = new Map<string, number>();
      for (const r of rows) byElement.set(r.element_id, (byElement.get(r.element_id) ?? 0) + r.n);
      for (const el of new Set([...byElement.keys(), ...Object.keys(want.tasks)])) {
        const got = byElement.get(el) ?? 0;
        const exp = want.tasks[el] ?? 0;
        if (got !== exp) say(`case ${i} has ${got} ${el} task rows, expected ${exp}`);
      }
      const completedRows = rows.filter((r) => r.state === 'completed').reduce((n, r) => n + r.n, 0);
      const completedEvents = mine.filter((e) => e.type === 'task-completed').reduce((n, e) => n + e.n, 0);
      if (completedRows !== completedEvents)
        say(`case ${i}: ${completedRows} completed task rows but ${completedEvents} task-completed events`);
      const paid = ledger.rows
        .filter((l) => l.case_id === id)
        .map((l) => l.tranche)
        .sort();
      if (JSON.stringify(paid) !== JSON.stringify([...want.tranches].sort()))
        say(`case ${i} ledger ${JSON.stringify(paid)}, expected ${JSON.stringify(want.tranches)}`);
      const h = historyOf.get(id);
      if (!h) say(`case ${i} has no history`);
      else if (h.lo !== 1 || h.hi !== h.n || h.distinct_seq !== h.n)
        say(
          `case ${i} history seq ${h.lo}..${h.hi} over ${h.n} rows (${h.distinct_seq} distinct): not gap-free`,
        );
    });
    return {
      cases: cases.rows.length,
      taskRows: tasks.rows.reduce((n, r) => n + r.n, 0),
      ledgerRows: ledger.rows.length,
      certificates: certNos.rows[0]?.n ?? 0,
      historyRows: gaps.rows.reduce((n, r) => n + r.n, 0),
      problems,
    };
  } finally {
    await db.end();
  }
}
