/// <reference types="jest" />
import type { BpmnModel, ModelElement } from '../../api/bpmn-model';
import type { HistoryEvent } from '../../api/types';
import { caseHighlights, lastActivation, workdayCount } from './case-path';

// start → review → gw ─approve→ done
//                    └─return→ review (loop back)
const model: BpmnModel = {
  processName: 'p',
  hasDiagram: true,
  elements: new Map<string, ModelElement>(
    ['start', 'review', 'gw', 'approve', 'done'].map((id) => [id, { id, type: 'task', name: id }]),
  ),
  flows: [
    { id: 'f1', source: 'start', target: 'review' },
    { id: 'f2', source: 'review', target: 'gw' },
    { id: 'fBack', source: 'gw', target: 'review' },
    { id: 'f3', source: 'gw', target: 'approve' },
    { id: 'f4', source: 'approve', target: 'done' },
  ],
};

let seq = 0;
const ev = (type: string, elementId?: string, data?: Record<string, unknown>): HistoryEvent => ({
  seq: ++seq,
  at: `2026-11-2${seq < 10 ? 2 : 3}T00:00:${String(seq % 60).padStart(2, '0')}Z`,
  type,
  elementId,
  data: data ?? null,
});

const kinds = (hs: ReturnType<typeof caseHighlights>) =>
  Object.fromEntries(hs.map((h) => [h.elementId, h.kind])) as Record<string, string>;

describe('caseHighlights', () => {
  beforeEach(() => {
    seq = 0;
  });

  it('given a case waiting at approve, when highlighted, then the path to it is done and approve is active', () => {
    const history = [
      ev('element-activated', 'start'),
      ev('element-completed', 'start'),
      ev('element-activated', 'review'),
      ev('element-completed', 'review'),
      ev('element-activated', 'gw'),
      ev('element-completed', 'gw'),
      ev('element-activated', 'approve'),
    ];
    const k = kinds(caseHighlights(model, history, ['approve'], (r) => r));
    expect(k).toMatchObject({
      start: 'done',
      review: 'done',
      gw: 'done',
      f1: 'done',
      f2: 'done',
      f3: 'done',
      approve: 'active',
    });
    // the loop back was never followed: review was reached before gw completed
    expect(k.fBack).toBeUndefined();
    expect(k.f4).toBeUndefined();
  });

  it('given the gateway sent the case back, when highlighted, then the loop is marked and review is active, not done', () => {
    const history = [
      ev('element-activated', 'start'),
      ev('element-completed', 'start'),
      ev('element-activated', 'review'),
      ev('element-completed', 'review'),
      ev('element-activated', 'gw'),
      ev('element-completed', 'gw'),
      ev('element-activated', 'review'),
    ];
    const k = kinds(caseHighlights(model, history, ['review'], (r) => r));
    expect(k.fBack).toBe('done');
    expect(k.review).toBe('active');
    expect(k.f3).toBeUndefined();
  });

  it('given an open incident, when highlighted, then the element is an error with its reason; a resolved one is not', () => {
    const history = [
      ev('element-activated', 'gw'),
      ev('incident-raised', 'gw', { reason: 'no condition matched' }),
      ev('incident-raised', 'approve', { reason: 'old' }),
      ev('incident-resolved', 'approve'),
    ];
    const hs = caseHighlights(model, history, ['gw'], (r) => `!${r}`);
    expect(hs).toContainEqual({ elementId: 'gw', kind: 'error', message: '!no condition matched' });
    expect(hs.some((h) => h.elementId === 'approve')).toBe(false);
  });
});

describe('lastActivation and workdayCount', () => {
  it('given two activations, when asked, then the later instant is returned', () => {
    seq = 0;
    const history = [
      ev('element-activated', 'period'),
      ev('element-completed', 'period'),
      ev('element-activated', 'period'),
    ];
    expect(lastActivation(history, 'period')).toBe(history[2]?.at);
    expect(lastActivation(history, 'other')).toBeUndefined();
  });

  it('given durations, when parsed, then only PnD counts as working days', () => {
    expect(workdayCount('P5D')).toBe(5);
    expect(workdayCount(' P12D ')).toBe(12);
    expect(workdayCount('PT5H')).toBeUndefined();
    expect(workdayCount(undefined)).toBeUndefined();
  });
});
