import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBpmn } from '../../bpmn/compile/compile-bpmn';
import { EngineHarness, FIXTURE_DIR } from '../../bpmn/testing/engine-harness';

const open = (h: EngineHarness) => h.openTasks().map((t) => t.elementId);
const incidents = (h: EngineHarness) => Object.values(h.state.incidents);
const withdrawn = (h: EngineHarness) => h.withdrawn.map((w) => w.elementId);

describe('bpmn engine: ad-hoc subprocess', () => {
  describe('activeElementsCollection', () => {
    it('given a list of inner element ids, when the subprocess is entered, then exactly those are activated and inner flows are followed', async () => {
      const h = await EngineHarness.load('ad-hoc-active-elements');
      h.start({ requested: ['checkPlans', 'notifyNeighbours'] });
      // notifyNeighbours passes through to collectObjections by its inner sequence flow
      expect(open(h).sort()).toEqual(['checkPlans', 'collectObjections']);
      // the input mapping made `steps` local to the subprocess
      expect(h.vars().steps).toBeUndefined();
      h.complete('checkPlans');
      expect(h.active()).toContain('review');
      h.complete('collectObjections');
      expect(h.active()).not.toContain('review');
      expect(open(h)).toEqual(['decide']);
      h.complete('decide');
      expect(h.status).toBe('completed');
    });

    it('given an empty list, when the subprocess is entered, then nothing is activated and it stays active', async () => {
      const h = await EngineHarness.load('ad-hoc-active-elements');
      h.start({ requested: [] });
      expect(open(h)).toEqual([]);
      expect(h.active()).toEqual(['review']);
      expect(h.status).toBe('active');
    });

    it('given an id named twice, when the subprocess is entered, then that element is activated twice', async () => {
      const h = await EngineHarness.load('ad-hoc-active-elements');
      h.start({ requested: ['visitSite', 'visitSite'] });
      expect(open(h)).toEqual(['visitSite', 'visitSite']);
      h.complete('visitSite');
      expect(h.active()).toContain('review');
      h.complete('visitSite');
      expect(open(h)).toEqual(['decide']);
    });

    it('given an id of an element with incoming flows, when entered, then an incident names it and a retry with a fixed list activates', async () => {
      const h = await EngineHarness.load('ad-hoc-active-elements');
      h.start({ requested: ['checkPlans', 'collectObjections'] });
      expect(h.status).toBe('failed');
      const [incident] = incidents(h);
      expect(incident).toMatchObject({ elementId: 'review', code: 'AD_HOC_ACTIVATION_FAILED' });
      expect(incident?.reason).toContain("'collectObjections'");
      expect(open(h)).toEqual([]); // nothing is activated when one id is wrong
      h.send({
        type: 'retryIncident',
        incidentKey: incident?.key ?? '',
        variables: { requested: ['visitSite'] },
      });
      expect(h.status).toBe('active');
      expect(open(h)).toEqual(['visitSite']);
    });

    it('given a value that is not a list of ids, when entered, then it is an incident', async () => {
      const h = await EngineHarness.load('ad-hoc-active-elements');
      h.start({ requested: 'checkPlans' });
      expect(incidents(h)).toEqual([
        expect.objectContaining({
          elementId: 'review',
          code: 'AD_HOC_ACTIVATION_FAILED',
          reason: expect.stringContaining('not a list of element ids'),
        }),
      ]);
    });
  });

  describe('completionCondition', () => {
    it('given a condition that turns true, when an inner element completes, then the subprocess completes and the remaining reviews are withdrawn', async () => {
      const h = await EngineHarness.load('ad-hoc-completion-condition');
      h.start();
      expect(open(h).sort()).toEqual(['legalReview', 'ownerReview', 'technicalReview']);
      h.complete('legalReview', { approved: false });
      expect(open(h).sort()).toEqual(['ownerReview', 'technicalReview']);
      h.complete('technicalReview', { approved: true });
      expect(withdrawn(h)).toEqual(['ownerReview']);
      expect(open(h)).toEqual(['decide']);
      expect(h.vars().reviewsApproved).toBe(true);
    });

    it('given a condition that stays false, when every inner element has completed, then the subprocess stays active', async () => {
      const h = await EngineHarness.load('ad-hoc-completion-condition');
      h.start();
      for (const r of ['legalReview', 'technicalReview', 'ownerReview']) h.complete(r, { approved: false });
      expect(open(h)).toEqual([]);
      expect(h.active()).toEqual(['reviews']);
      expect(h.status).toBe('active');
    });

    it('given cancelRemainingInstances="false", when the condition turns true, then the subprocess waits for the reviews still open', async () => {
      const h = await EngineHarness.load('ad-hoc-keep-remaining');
      h.start();
      h.complete('legalReview', { approvals: 1 });
      h.complete('technicalReview', { approvals: 2 });
      expect(open(h)).toEqual(['ownerReview']);
      expect(h.active()).toContain('reviews');
      h.complete('ownerReview');
      expect(withdrawn(h)).toEqual([]);
      expect(open(h)).toEqual(['decide']);
    });

    it('given a condition that is not a boolean, when evaluated, then the subprocess has an incident and a retry evaluates it again', async () => {
      const h = await EngineHarness.load('ad-hoc-keep-remaining');
      h.start();
      h.complete('legalReview'); // approvals is null: `null >= 2` is null
      expect(h.status).toBe('failed');
      const [incident] = incidents(h);
      expect(incident).toMatchObject({ elementId: 'reviews', code: 'AD_HOC_COMPLETION_CONDITION_FAILED' });
      // the rest of the subprocess keeps running meanwhile
      expect(open(h).sort()).toEqual(['ownerReview', 'technicalReview']);
      h.send({ type: 'retryIncident', incidentKey: incident?.key ?? '', variables: { approvals: 2 } });
      expect(h.status).toBe('active');
      expect(open(h).sort()).toEqual(['ownerReview', 'technicalReview']);
      h.complete('technicalReview');
      h.complete('ownerReview');
      expect(open(h)).toEqual(['decide']);
    });
  });

  describe('boundary events, io mappings, cancel', () => {
    it('given a timer boundary event, when it fires, then the inner job is cancelled and the boundary path is taken', async () => {
      const h = await EngineHarness.load('ad-hoc-boundary-events', { manualServices: true });
      h.start();
      expect(h.job('requestDocuments').taskType).toBe('request-documents');
      h.fireTimer('inquiryTimeout');
      expect(h.effectsOf('cancelServiceTask').map((e) => e.elementId)).toEqual(['requestDocuments']);
      expect(open(h)).toEqual(['escalate']);
    });

    it('given an error boundary event, when an inner job throws its error, then the subprocess ends there and its timer is cancelled', async () => {
      const h = await EngineHarness.load('ad-hoc-boundary-events', { manualServices: true });
      h.start();
      h.failJob('requestDocuments', 'no documents sent', 'DOCS_MISSING');
      expect(h.effectsOf('cancelTimer').map((e) => e.elementId)).toEqual(['inquiryTimeout']);
      expect(h.status).toBe('completed');
    });

    it('given no activeElementsCollection, when entered, then nothing runs until the timer boundary event ends the subprocess', async () => {
      const h = await EngineHarness.load('ad-hoc-idle');
      h.start();
      expect(open(h)).toEqual([]);
      expect(h.active()).toEqual(['standby']);
      h.fireTimer('standbyOver');
      expect(h.status).toBe('completed');
    });

    it('given a list local to the subprocess, when its inner scripts append to it, then only the output mapping passes it on', async () => {
      const h = await EngineHarness.load('ad-hoc-output-mappings');
      h.start();
      expect(open(h)).toEqual(['decide']);
      expect(h.vars().collected).toEqual(['noise', 'shade']);
      expect(h.vars().scores).toBeUndefined();
    });

    it('given a multi-instance ad-hoc subprocess, when entered, then each instance activates the element of its item', async () => {
      const h = await EngineHarness.load('ad-hoc-multi-instance');
      h.start({ steps: ['inspect', 'measure', 'inspect'] });
      expect(open(h)).toEqual(['inspect', 'measure', 'inspect']);
      for (const id of ['inspect', 'measure', 'inspect']) h.complete(id);
      expect(h.status).toBe('completed');
    });

    it('given one inner task, when a modification terminates it, then the subprocess completes (as in Zeebe)', async () => {
      const h = await EngineHarness.load('ad-hoc-active-elements');
      h.start({ requested: ['visitSite'] });
      const r = h.send({
        type: 'modify',
        modification: { terminateInstructions: [{ elementInstanceKey: h.task('visitSite').key }] },
      });
      expect(r.rejected).toBeUndefined();
      expect(open(h)).toEqual(['decide']);
      expect(h.status).toBe('active');
    });

    it('given open inner tasks, when the case is cancelled, then they are withdrawn', async () => {
      const h = await EngineHarness.load('ad-hoc-completion-condition');
      h.start();
      h.send({ type: 'cancel' });
      expect(withdrawn(h).sort()).toEqual(['legalReview', 'ownerReview', 'technicalReview']);
      expect(h.status).toBe('terminated');
    });
  });

  it('given newer ad-hoc features and misplaced events, when compiled, then each refusal names the element and the feature', async () => {
    const xml = readFileSync(join(FIXTURE_DIR, 'invalid', 'ad-hoc-unsupported.bpmn'), 'utf8');
    const result = await compileBpmn(xml);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { elementId: 'agent', message: expect.stringContaining('job worker (zeebe:taskDefinition') },
      { elementId: 'collect', message: expect.stringContaining('outputCollection/outputElement') },
      { elementId: 'emptyAdHoc', message: expect.stringContaining('at least one activity') },
      { elementId: 'innerStart', message: expect.stringContaining('cannot contain start events') },
      { elementId: 'innerEnd', message: expect.stringContaining('cannot contain end events') },
      { elementId: 'innerEsp', message: expect.stringContaining('not supported yet') },
    ]);
  });

  it('given an ad-hoc subprocess, when compiled, then its node lists the elements it may activate', async () => {
    const xml = readFileSync(join(FIXTURE_DIR, 'ad-hoc-active-elements.bpmn'), 'utf8');
    const result = await compileBpmn(xml);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.graph.nodes.review).toMatchObject({
      kind: 'adHocSubProcess',
      activeElementsCollection: '=steps',
      cancelRemainingInstances: true,
      adHocActivities: ['checkPlans', 'notifyNeighbours', 'visitSite'],
    });
  });
});
