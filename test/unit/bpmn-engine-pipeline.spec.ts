import { EngineHarness } from '../../bpmn/testing/engine-harness';

describe('bpmn engine: the 30-element review pipeline', () => {
  const start = async (): Promise<EngineHarness> => {
    const h = await EngineHarness.load('review-pipeline');
    h.start({
      experts: ['expert1', 'expert2', 'expert3'],
      employerId: 'org-1',
      documents: ['id', 'degree', 'contract'],
    });
    return h;
  };

  it('given a complete application, when every reviewer passes, then the certificate is issued, the first tranche paid and the case completes', async () => {
    const h = await start();
    h.complete('declare', {}, 'applicant1');
    expect(h.vars().complete).toBe(true);
    h.fireTimer('districtReminder');
    expect(h.openTasks('districtReview')).toHaveLength(1);
    h.complete('districtReview', { decision: 'pass' }, 'lixia-reviewer');
    expect(h.complete('cityReview', { decision: 'pass' }, 'lixia-reviewer').rejected?.reason).toBe(
      'FOUR_EYES',
    );
    h.complete('cityReview', { decision: 'pass' }, 'city-reviewer1');
    const experts = h.openTasks('expertScore');
    expect(experts.map((t) => t.excludeAffiliation)).toEqual(['org-1', 'org-1', 'org-1']);
    expect(
      h.send({
        type: 'taskCompleted',
        key: experts[0]?.key ?? '',
        by: 'expert1',
        affiliation: 'org-1',
        variables: { score: 99 },
      }).rejected?.reason,
    ).toBe('CONFLICT_OF_INTEREST');
    [70, 80, 90].forEach((score, i) =>
      h.send({
        type: 'taskCompleted',
        key: experts[i]?.key ?? '',
        by: `expert${i + 2}`,
        variables: { score },
      }),
    );
    expect(h.vars()).toMatchObject({ scores: [70, 80, 90], averageScore: 80 });
    expect(h.active()).toEqual(['listPublished']);
    h.message('publish-list');
    expect(h.timer('publicityPeriod').spec).toEqual({
      kind: 'duration',
      value: 'P5D',
      calendar: 'cn-workday',
    });
    h.fireTimer('publicityPeriod');
    h.complete('orgApproval', { decision: 'approve' }, 'orgdept1');
    expect(h.status).toBe('completed');
    const jobs = h.effectsOf('runServiceTask').map((r) => r.elementId);
    expect(jobs).toEqual([
      'notifyDeclared',
      'remindDistrict',
      'recordExperts',
      'recordPublished',
      'issueCert',
      'payFirst',
      'notifyDone',
      'archive',
    ]);
    expect(h.effectsOf('runServiceTask').find((r) => r.taskType === 'pay')?.inputs).toEqual({
      tranche: 'first',
      amount: 300000,
    });
  });

  it('given a low expert average, when scoring ends, then the case ends without publication', async () => {
    const h = await start();
    h.complete('declare');
    h.complete('districtReview', { decision: 'pass' }, 'a');
    h.complete('cityReview', { decision: 'pass' }, 'b');
    for (const t of h.openTasks('expertScore'))
      h.send({ type: 'taskCompleted', key: t.key, by: 'x', variables: { score: 40 } });
    expect(h.status).toBe('completed');
    expect(h.subscriptions.size).toBe(0);
  });

  it('given a district return, when the applicant resubmits, then the district review opens again with a new key', async () => {
    const h = await start();
    h.complete('declare');
    const first = h.task('districtReview').key;
    h.complete('districtReview', { decision: 'return' }, 'a');
    h.complete('declare');
    expect(h.task('districtReview').key).not.toBe(first);
    h.complete('districtReview', { decision: 'reject' }, 'a');
    expect(h.effectsOf('runServiceTask').some((r) => r.elementId === 'notifyRejected')).toBe(true);
    expect(h.status).toBe('completed');
  });
});
