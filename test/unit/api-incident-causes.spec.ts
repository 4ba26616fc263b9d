// The incident list's causes: every reason the engine and shell write maps to a stable code.
import { INTERNAL_FAILURE_CAUSES, incidentCause } from '../../api/incidents/incident-causes';
import { INTERNAL_FAILURE_TYPES } from '../../bpmn/engine/internal-failures';

describe('incident causes', () => {
  it('knows every internal failure type of the case activities', () => {
    for (const type of INTERNAL_FAILURE_TYPES) expect(INTERNAL_FAILURE_CAUSES).toContain(type);
  });

  it.each([
    ['retries exhausted: UNKNOWN_TASK_TYPE: no activity registered for task type x', 'UNKNOWN_TASK_TYPE'],
    ["retries exhausted: no activity registered for task type 'x' (element a)", 'UNKNOWN_TASK_TYPE'],
    ['retries exhausted: INVALID_PARAMETER: pay: input amount must be…', 'INVALID_PARAMETER'],
    ['pay: input \'amount\' must be a non-negative integer (fen), got "x"', 'INVALID_PARAMETER'],
    ['retries exhausted: connect ECONNREFUSED', 'SERVICE_FAILED'],
    ['child case failed: DEFINITION_NOT_FOUND: process definition x not found', 'DEFINITION_NOT_FOUND'],
    ['child case failed: called case x was terminated', 'CALLED_CASE_FAILED'],
    ['no outgoing flow of exclusive gateway decide matched and there is no default flow', 'NO_FLOW_MATCHED'],
    ['FEEL evaluation failed for "a +": parse error', 'EXPRESSION_FAILED'],
    ['timer of wait evaluated to null, not an ISO-8601 string', 'TIMER_INVALID'],
    ['correlationKey of catch evaluated to null; it must be a string or number', 'CORRELATION_KEY_INVALID'],
    ['inputCollection of review evaluated to 3, not a list', 'COLLECTION_INVALID'],
    ['runaway process: more than 10000 element activations without a wait state', 'RUNAWAY'],
    ['something new', 'UNKNOWN'],
  ])('given %p, then %s', (reason, code) => {
    expect(incidentCause(reason).code).toBe(code);
  });

  it('names the BPMN error code of an uncaught error, and the engine code wins over the text', () => {
    expect(incidentCause("unhandled BPMN error 'QUOTA_EXHAUSTED': grade A is full")).toEqual({
      code: 'BPMN_ERROR_UNCAUGHT',
      errorCode: 'QUOTA_EXHAUSTED',
    });
    expect(incidentCause('no rule matched', false, 'DMN_NO_MATCH')).toEqual({ code: 'DMN_NO_MATCH' });
    expect(incidentCause('timer: calendar data missing', true)).toEqual({ code: 'DEADLINE_FAILED' });
  });
});
