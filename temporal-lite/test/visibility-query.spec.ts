import fc from 'fast-check';
import {
  compileVisibilityQuery,
  parseVisibilityQuery,
  VisibilityQueryError,
  type VisibilityRecord,
} from '../src/visibility/query';

function record(overrides: Partial<VisibilityRecord> = {}): VisibilityRecord {
  return {
    workflowId: 'case-1',
    runId: 'run-1',
    workflowType: 'runCase',
    executionStatus: 'Running',
    startTime: new Date('2026-03-01T10:00:00.000Z'),
    taskQueue: 'reviews',
    searchAttributes: {},
    ...overrides,
  };
}

function matches(query: string, rec: VisibilityRecord): boolean {
  return compileVisibilityQuery(query)(rec);
}

function errorOf(
  query: string,
  options?: Parameters<typeof compileVisibilityQuery>[1],
): VisibilityQueryError {
  try {
    compileVisibilityQuery(query, options);
  } catch (e) {
    if (e instanceof VisibilityQueryError) return e;
    throw e;
  }
  throw new Error(`expected query to be rejected: ${query}`);
}

describe('compileVisibilityQuery', () => {
  describe('empty query', () => {
    it.each(['', '   ', '\n\t'])('matches every record for %j', (q) => {
      // given a blank query, when compiled, then any record matches
      expect(matches(q, record())).toBe(true);
      expect(matches(q, record({ executionStatus: 'Failed' }))).toBe(true);
    });
  });

  describe('system fields', () => {
    const rec = record({
      workflowId: 'case-42',
      runId: 'r-9',
      workflowType: 'runCase',
      taskQueue: 'tq-a',
      executionStatus: 'Completed',
      closeTime: new Date('2026-03-02T00:00:00Z'),
      executionTime: new Date('2026-03-01T10:00:05Z'),
    });
    it.each([
      ["WorkflowId = 'case-42'", true],
      ["WorkflowId = 'case-4'", false],
      ["RunId = 'r-9'", true],
      ["WorkflowType = 'runCase'", true],
      ["WorkflowType != 'runCase'", false],
      ["TaskQueue = 'tq-a'", true],
      ["ExecutionStatus = 'Completed'", true],
      ["ExecutionStatus = 'Running'", false],
      ["ExecutionStatus = 'WORKFLOW_EXECUTION_STATUS_COMPLETED'", true],
      ['ExecutionStatus = 2', true],
      ["CloseTime = '2026-03-02T00:00:00Z'", true],
      ["ExecutionTime > '2026-03-01T10:00:04Z'", true],
    ])('%s -> %s', (q, expected) => {
      expect(matches(q, rec)).toBe(expected);
    });
  });

  describe('comparison operators', () => {
    const rec = record({ workflowId: 'm', searchAttributes: { Score: 10, Ratio: 0.5, Urgent: true } });
    it.each([
      ["WorkflowId = 'm'", true],
      ["WorkflowId != 'm'", false],
      ["WorkflowId <> 'x'", true],
      ["WorkflowId < 'n'", true],
      ["WorkflowId < 'm'", false],
      ["WorkflowId <= 'm'", true],
      ["WorkflowId > 'l'", true],
      ["WorkflowId >= 'm'", true],
      ["WorkflowId >= 'mm'", false],
      ['Score = 10', true],
      ['Score != 10', false],
      ['Score < 10.5', true],
      ['Score > 10', false],
      ['Score >= 10', true],
      ['Score <= 9', false],
      ['Score > -1', true],
      ['Score = 1e1', true],
      ['Ratio = 0.5', true],
      ['Ratio < .6', true],
      ['Urgent = true', true],
      ['Urgent = FALSE', false],
      ['Urgent != false', true],
    ])('%s -> %s', (q, expected) => {
      expect(matches(q, rec)).toBe(expected);
    });
  });

  describe('IN, NOT IN, STARTS_WITH, BETWEEN, IS NULL', () => {
    const rec = record({ workflowId: 'case-7', searchAttributes: { Score: 3, District: 'Pudong' } });
    it.each([
      ["WorkflowId IN ('case-1', 'case-7')", true],
      ["WorkflowId IN ('case-1')", false],
      ["WorkflowId NOT IN ('case-1', 'case-2')", true],
      ["WorkflowId NOT IN ('case-7')", false],
      ['Score IN (1, 2, 3)', true],
      ["WorkflowId STARTS_WITH 'case-'", true],
      ["WorkflowId STARTS_WITH 'cake'", false],
      ["WorkflowId NOT STARTS_WITH 'case-'", false],
      ["WorkflowId STARTS_WITH ''", true],
      ['Score BETWEEN 1 AND 3', true],
      ['Score BETWEEN 4 AND 9', false],
      ['Score NOT BETWEEN 4 AND 9', true],
      ["Score BETWEEN 1 AND 3 AND WorkflowId = 'case-7'", true],
      ["Score BETWEEN 1 AND 3 AND WorkflowId = 'x' OR District = 'Pudong'", true],
      ["WorkflowId = 'x' OR Score BETWEEN 4 AND 5", false],
      ["District BETWEEN 'A' AND 'Q'", true],
      ['CloseTime IS NULL', true],
      ['CloseTime IS NOT NULL', false],
      ['Missing IS NULL', true],
      ['District IS NOT NULL', true],
    ])('%s -> %s', (q, expected) => {
      expect(matches(q, rec)).toBe(expected);
    });
  });

  describe('missing attributes follow SQL NULL semantics', () => {
    const rec = record({ searchAttributes: {} });
    it.each([
      ["District = 'x'", false],
      ["District != 'x'", false],
      ["NOT (District = 'x')", false],
      ["District NOT IN ('x')", false],
      ["NOT District = 'x' OR WorkflowId = 'case-1'", true],
      ["CloseTime > '2000-01-01T00:00:00Z'", false],
      ["CloseTime < '2000-01-01T00:00:00Z'", false],
    ])('%s -> %s', (q, expected) => {
      expect(matches(q, rec)).toBe(expected);
    });
  });

  describe('boolean logic', () => {
    const rec = record({ workflowId: 'a', workflowType: 't' });
    it.each([
      // AND binds tighter than OR: true OR (false AND false)
      ["WorkflowId = 'a' OR WorkflowId = 'x' AND WorkflowType = 'x'", true],
      // (true OR false) AND false
      ["(WorkflowId = 'a' OR WorkflowId = 'x') AND WorkflowType = 'x'", false],
      // false AND false OR true
      ["WorkflowId = 'x' AND WorkflowType = 'x' OR WorkflowType = 't'", true],
      ["WorkflowId = 'x' AND (WorkflowType = 'x' OR WorkflowType = 't')", false],
      ["NOT WorkflowId = 'x'", true],
      ["NOT (WorkflowId = 'a' AND WorkflowType = 't')", false],
      ["NOT NOT WorkflowId = 'a'", true],
      ["((((WorkflowId = 'a'))))", true],
      ["workflowid = 'a'", false],
      ["WorkflowId = 'a' and WorkflowType = 't' Or WorkflowId = 'z'", true],
      ["WorkflowId = 'a' AnD NoT WorkflowType = 't'", false],
    ])('%s -> %s', (q, expected) => {
      expect(matches(q, rec)).toBe(expected);
    });
  });

  describe('quoting', () => {
    it.each([
      [`WorkflowId = "it's"`, "it's"],
      [`WorkflowId = 'it''s'`, "it's"],
      [`WorkflowId = 'it\\'s'`, "it's"],
      [`WorkflowId = "say ""hi"""`, 'say "hi"'],
      [`WorkflowId = 'tab\\there'`, 'tab\there'],
      [`WorkflowId = 'back\\\\slash'`, 'back\\slash'],
      [`WorkflowId = '审核-案件'`, '审核-案件'],
      [`WorkflowId = 'a AND b'`, 'a AND b'],
    ])('%s matches the workflow id %j', (q, id) => {
      // given a record whose id needs quoting, when queried with the quoted literal, then it matches
      expect(matches(q, record({ workflowId: id }))).toBe(true);
      expect(matches(q, record({ workflowId: `${id}x` }))).toBe(false);
    });

    it('accepts backquoted identifiers for attribute names with odd characters or keyword names', () => {
      const rec = record({ searchAttributes: { Order: 'x', 'my-attr': 2 } });
      expect(matches("`Order` = 'x'", rec)).toBe(true);
      expect(matches('`my-attr` = 2', rec)).toBe(true);
      expect(matches("`WorkflowId` = 'case-1'", rec)).toBe(true);
    });
  });

  describe('datetimes compare as instants', () => {
    const rec = record({
      startTime: new Date('2026-03-01T10:00:00.000Z'),
      closeTime: new Date('2026-03-01T12:30:00.250Z'),
    });
    it.each([
      ["StartTime = '2026-03-01T18:00:00+08:00'", true],
      ["StartTime > '2026-03-01T17:59:59+08:00'", true],
      ["StartTime BETWEEN '2026-03-01T00:00:00Z' AND '2026-03-02T00:00:00Z'", true],
      ["StartTime BETWEEN '2026-03-01T10:00:00.001Z' AND '2026-03-02T00:00:00Z'", false],
      ["StartTime >= '2026-03-01T10:00:00.000000001Z'", false],
      ["StartTime < '2026-03-01T10:00:00.000000001Z'", true],
      ["CloseTime > '2026-03-01T12:30:00.2Z' AND CloseTime < '2026-03-01T12:30:00.3Z'", true],
      ["StartTime >= '2026-03-01T00:00:00Z' AND CloseTime <= '2026-03-01T12:00:00Z'", false],
      [`StartTime = ${Date.parse('2026-03-01T10:00:00Z')}000000`, true],
      ["StartTime IN ('2026-03-01T10:00:00Z', '2020-01-01T00:00:00Z')", true],
      ["StartTime = '2026-03-01 10:00:00Z'", true],
    ])('%s -> %s', (q, expected) => {
      expect(matches(q, rec)).toBe(expected);
    });

    it('reads integer literals as Unix nanoseconds without losing the low digits', () => {
      const ms = Date.parse('2026-03-01T10:00:00.123Z');
      const rec2 = record({ startTime: new Date(ms) });
      expect(matches(`StartTime = ${ms}000000`, rec2)).toBe(true);
      expect(matches(`StartTime < ${ms}000001`, rec2)).toBe(true);
      expect(matches(`StartTime >= ${ms}000001`, rec2)).toBe(false);
      expect(matches(`StartTime > ${ms - 1}999999`, rec2)).toBe(true);
    });

    it('compares custom datetime attributes as instants', () => {
      const rec2 = record({ searchAttributes: { Deadline: new Date('2026-05-01T00:00:00Z') } });
      expect(matches("Deadline < '2026-05-01T08:00:01+08:00'", rec2)).toBe(true);
      expect(matches("Deadline > '2026-05-01T08:00:00+08:00'", rec2)).toBe(false);
    });
  });

  describe('keyword lists', () => {
    const rec = record({ searchAttributes: { Reviewers: ['li', 'wang'] } });
    it.each([
      ["Reviewers = 'li'", true],
      ["Reviewers = 'zhang'", false],
      ["Reviewers != 'zhang'", true],
      ["Reviewers != 'li'", false],
      ["Reviewers IN ('zhang', 'wang')", true],
      ["Reviewers IN ('zhang', 'zhao')", false],
      ["Reviewers NOT IN ('zhang', 'zhao')", true],
      ["Reviewers NOT IN ('wang')", false],
      ['Reviewers IS NOT NULL', true],
    ])('%s -> %s', (q, expected) => {
      expect(matches(q, rec)).toBe(expected);
    });

    it('does not mistake Object.prototype members for attributes', () => {
      expect(matches('constructor IS NULL AND toString IS NULL', record())).toBe(true);
      expect(matches("constructor = 'x' OR __proto__ = 1", record())).toBe(false);
      expect(errorOf("constructor = 'x'", { searchAttributeTypes: {} }).message).toMatch(
        /not a valid search attribute/,
      );
    });

    it('treats an empty list as absent', () => {
      expect(matches('Reviewers IS NULL', record({ searchAttributes: { Reviewers: [] } }))).toBe(true);
    });
  });

  describe('with registered search attribute types', () => {
    const options = {
      searchAttributeTypes: { Tags: 'KeywordList', Score: 'Int', Due: 'Datetime', Flag: 'Bool' } as const,
    };
    it('accepts well-typed queries', () => {
      const f = compileVisibilityQuery(
        "Tags = 'x' AND Score > 3 AND Due < '2030-01-01T00:00:00Z' AND Flag = true",
        options,
      );
      expect(
        f(
          record({
            searchAttributes: { Tags: ['x'], Score: 4, Due: new Date('2029-01-01T00:00:00Z'), Flag: true },
          }),
        ),
      ).toBe(true);
    });
    it.each([
      ["Unknown = 'x'", /column name 'Unknown' at position 1 is not a valid search attribute/],
      ["Score = 'high'", /invalid value type for search attribute Score of type Int: 'high' at position 9/],
      ["Tags > 'x'", /operator '>' not allowed for search attribute 'Tags' of type KeywordList/],
      ["Tags STARTS_WITH 'x'", /operator 'starts_with' not allowed/],
      ['Flag BETWEEN true AND false', /operator 'between' not allowed/],
      ["Due > 'soon'", /unable to parse datetime 'soon'/],
      ['Flag = 1', /invalid value type for search attribute Flag of type Bool/],
    ])('rejects %s', (q, message) => {
      expect(errorOf(q, options).message).toMatch(message);
    });
  });

  describe('malformed queries', () => {
    it.each([
      [
        'WorkflowId =',
        /malformed SQL query: syntax error at position 13 near 'end of query': expected a value/,
      ],
      ['WorkflowId', /invalid expression: incomplete expression after 'WorkflowId'/],
      ["WorkflowId = 'a' AND", /syntax error at position 21 near 'end of query'/],
      [
        "WorkflowId = 'a' WorkflowType = 'b'",
        /syntax error at position 18 near 'WorkflowType': expected AND, OR or end of query/,
      ],
      ["(WorkflowId = 'a'", /expected '\)' to close '\(' at position 1/],
      ["WorkflowId = 'a')", /position 17 near '\)': unbalanced '\)'/],
      ['()', /empty parentheses/],
      ["WorkflowId = 'abc", /position 14 near ''abc': unterminated string/],
      ['`Work = 1', /unterminated quoted identifier/],
      ["WorkflowId == 'a'", /position 13 near '=': expected a value/],
      ["WorkflowId # 'a'", /position 12 near '#': unexpected character/],
      ['WorkflowId = wf1', /did you forget to quote 'wf1'\?/],
      ["'a' = WorkflowId", /left side of a comparison must be a search attribute name/],
      ['WorkflowId IN ()', /expected a value/],
      ["WorkflowId IN ('a'", /expected '\)'/],
      ["WorkflowId IN 'a'", /expected '\('/],
      ["WorkflowId BETWEEN 'a'", /expected BETWEEN|expected AND/],
      ['WorkflowId IS 5', /'IS' operator can only be used as 'IS NULL' or 'IS NOT NULL'/],
      ['WorkflowId = NULL', /use IS NULL/],
      ["WorkflowId LIKE 'a%'", /operation is not supported: operator 'like'/],
      ["WorkflowId NOT 'a'", /expected IN, STARTS_WITH or BETWEEN after NOT/],
      ['WorkflowId STARTS_WITH 5', /right-hand side of 'starts_with' must be a string/],
      ['Score = 12abc', /malformed number/],
      ["StartTime > 'yesterday'", /unable to parse datetime 'yesterday'/],
      [
        "StartTime STARTS_WITH '2026'",
        /operator 'starts_with' not allowed for search attribute 'StartTime' of type Datetime/,
      ],
      ["ExecutionStatus = 'Done'", /invalid ExecutionStatus value 'Done'/],
      ['ExecutionStatus = 9', /invalid ExecutionStatus value 9/],
      ['WorkflowId = -', /expected a number after unary '-'/],
    ])('%j is rejected', (q, message) => {
      // given a malformed query, when compiled, then it throws a VisibilityQueryError naming the problem
      const err = errorOf(q);
      expect(err.message).toMatch(/^invalid query: /);
      expect(err.message).toMatch(message);
    });
  });

  describe('clauses a real SQL-visibility server rejects', () => {
    it.each([
      ["WorkflowType = 'a' ORDER BY StartTime DESC", "operation is not supported: 'ORDER BY' clause"],
      ['order by StartTime', "operation is not supported: 'ORDER BY' clause"],
      ["WorkflowType = 'a' LIMIT 10", "operation is not supported: 'LIMIT' clause"],
      [
        'GROUP BY ExecutionStatus',
        "operation is not supported: 'GROUP BY' clause is only supported in CountWorkflowExecutions API",
      ],
    ])('%s', (q, message) => {
      expect(errorOf(q).message).toBe(`invalid query: ${message}`);
    });

    it('allows GROUP BY ExecutionStatus in a count query', () => {
      // given a count query with a group-by, when parsed, then the filter and the group field come back
      const parsed = parseVisibilityQuery("WorkflowType = 'runCase' GROUP BY ExecutionStatus");
      expect(parsed.groupBy).toEqual(['ExecutionStatus']);
      expect(parsed.filter(record())).toBe(true);
      expect(() => parseVisibilityQuery('GROUP BY WorkflowType')).toThrow(
        /not supported for search attribute WorkflowType/,
      );
    });
  });

  describe('properties', () => {
    const names = ['A', 'B', 'C'] as const;
    const recordArb = fc.record({
      A: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
      B: fc.option(fc.constantFrom('x', 'y', 'z'), { nil: undefined }),
      C: fc.option(fc.subarray(['x', 'y', 'z']), { nil: undefined }),
    });
    const atomArb = fc.oneof(
      fc
        .tuple(fc.constantFrom('=', '!=', '<', '>', '<=', '>='), fc.integer({ min: 0, max: 4 }))
        .map(([op, n]) => `A ${op} ${n}`),
      fc
        .tuple(fc.constantFrom('B', 'C'), fc.constantFrom('=', '!='), fc.constantFrom('x', 'y', 'z'))
        .map(([f, op, v]) => `${f} ${op} '${v}'`),
      fc.constantFrom(...names).map((f) => `${f} IS NULL`),
      fc
        .subarray(['x', 'y', 'z'], { minLength: 1 })
        .map((vs) => `B IN (${vs.map((v) => `'${v}'`).join(', ')})`),
      fc
        .tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }))
        .map(([a, b]) => `A BETWEEN ${a} AND ${b}`),
    );
    const exprArb: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        atomArb,
        fc.tuple(tie('e'), tie('e')).map(([a, b]) => `(${a}) AND (${b})`),
        fc.tuple(tie('e'), tie('e')).map(([a, b]) => `(${a}) OR (${b})`),
        tie('e').map((a) => `NOT (${a})`),
      ),
    })).e;

    function toRecord(sa: Record<string, unknown>): VisibilityRecord {
      return record({ searchAttributes: sa });
    }

    it('A OR B matches exactly the records NOT (NOT A AND NOT B) matches', () => {
      fc.assert(
        fc.property(exprArb, exprArb, recordArb, (a, b, sa) => {
          const rec = toRecord(sa);
          expect(matches(`(${a}) OR (${b})`, rec)).toBe(matches(`NOT (NOT (${a}) AND NOT (${b}))`, rec));
        }),
      );
    });

    it('AND binds tighter than OR: a OR b AND c equals a OR (b AND c)', () => {
      fc.assert(
        fc.property(atomArb, atomArb, atomArb, recordArb, (a, b, c, sa) => {
          const rec = toRecord(sa);
          expect(matches(`${a} OR ${b} AND ${c}`, rec)).toBe(matches(`${a} OR (${b} AND ${c})`, rec));
        }),
      );
    });

    it('a record never matches both a predicate and its negation', () => {
      fc.assert(
        fc.property(exprArb, recordArb, (a, sa) => {
          const rec = toRecord(sa);
          expect(matches(a, rec) && matches(`NOT (${a})`, rec)).toBe(false);
        }),
      );
    });

    it('any string survives quoting: a quoted id matches only that id', () => {
      const quote = (s: string, q: "'" | '"'): string =>
        q +
        s
          .replace(/\\/g, '\\\\')
          .split(q)
          .join(q + q) +
        q;
      fc.assert(
        fc.property(
          fc.string({ unit: 'grapheme', maxLength: 20 }),
          fc.constantFrom("'", '"') as fc.Arbitrary<"'" | '"'>,
          (id, q) => {
            const f = compileVisibilityQuery(`WorkflowId = ${quote(id, q)}`);
            expect(f(record({ workflowId: id }))).toBe(true);
            expect(f(record({ workflowId: `${id}_` }))).toBe(false);
          },
        ),
      );
    });

    it('never throws anything but VisibilityQueryError on random token soup', () => {
      const vocab = [
        'WorkflowId',
        'StartTime',
        'ExecutionStatus',
        'Tags',
        'constructor',
        '`x y`',
        'AND',
        'OR',
        'NOT',
        'IN',
        'BETWEEN',
        'IS',
        'NULL',
        'STARTS_WITH',
        'ORDER',
        'BY',
        'GROUP',
        'LIMIT',
        '=',
        '!=',
        '<',
        '>=',
        '(',
        ')',
        ',',
        '-',
        "'a'",
        '"b"',
        "'2026-01-01T00:00:00Z'",
        '1',
        '2.5',
        'true',
        "'Running'",
        "'",
        '`',
      ];
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...vocab), { maxLength: 12 }), (tokens) => {
          try {
            compileVisibilityQuery(tokens.join(' '))(record({ searchAttributes: { Tags: ['a'] } }));
          } catch (e) {
            expect(e).toBeInstanceOf(VisibilityQueryError);
          }
        }),
        { numRuns: 2000 },
      );
    });

    it('never throws anything but VisibilityQueryError on arbitrary input', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 40 }), (q) => {
          try {
            compileVisibilityQuery(q)(record());
          } catch (e) {
            expect(e).toBeInstanceOf(VisibilityQueryError);
          }
        }),
      );
    });
  });
});
