import { escapeLineBreaksInStrings } from '../../bpmn/feel/feel-line-breaks';
import { evaluateFeel, feelSyntaxError } from '../../bpmn/feel/feel';

describe('FEEL string literals with raw line breaks (Camunda accepts them, issue 15 item 4)', () => {
  it.each([
    ['"line one\nline two"', {}, 'line one\nline two'],
    ['"a\r\nb"', {}, 'a\r\nb'],
    ['"first\n" + name + "\nlast"', { name: 'X' }, 'first\nX\nlast'],
    ['"quote \\" then\nbreak"', {}, 'quote " then\nbreak'],
    ['"escaped \\n stays one escape\nand a raw one"', {}, 'escaped \n stays one escape\nand a raw one'],
    ['"backslash \\\\\nthen break"', {}, 'backslash \\\nthen break'],
    ['"continued \\\nline"', {}, 'continued \nline'],
    ['{\n  a: "x\ny",\n  b: 1\n}.a', {}, 'x\ny'],
    ['// a comment with a " quote\n"after\ncomment"', {}, 'after\ncomment'],
    ['/* "not a string\n */ "real\nstring"', {}, 'real\nstring'],
    ['if x > 1\nthen "big\none"\nelse "small"', { x: 2 }, 'big\none'],
  ])('%j parses and evaluates', (expression, context, expected) => {
    expect(feelSyntaxError(expression)).toBeUndefined();
    expect(evaluateFeel(expression, context)).toBe(expected);
  });

  it('leaves expressions without breaks, and breaks outside strings, untouched', () => {
    expect(escapeLineBreaksInStrings('a + "b"')).toBe('a + "b"');
    expect(escapeLineBreaksInStrings('a +\n  b')).toBe('a +\n  b');
    expect(escapeLineBreaksInStrings('// "x\n1')).toBe('// "x\n1');
  });

  it('still reports real syntax errors', () => {
    expect(feelSyntaxError('"unterminated\nstring')).toMatch(/syntax error/);
    expect(feelSyntaxError('1 +\n')).toMatch(/syntax error/);
  });
});
