// pay: one ledger row per (case, tranche, status); inputs tranche (string) and amount (integer fen), optional status.
import { isFeel } from '../feel/feel';
import { type TaskType, inputSource, requireParameters } from './task-type';

const STATUSES = ['paid', 'stopped', 'clawback'];
const isStringLiteral = (v: string): boolean => /^=\s*"[^"]*"\s*$/.test(v);
const isNumberLiteral = (v: string): boolean => /^=\s*-?\d+(\.\d+)?\s*$/.test(v);

export const payTaskType: TaskType = {
  name: 'pay',
  job: false,
  check(params) {
    const problems = requireParameters('pay', params, { inputs: ['tranche', 'amount'] });
    const amount = inputSource(params, 'amount');
    if (amount !== undefined) {
      if (!isFeel(amount) || isStringLiteral(amount))
        problems.push(`pay amount must be a number of fen (e.g. =300000), not the text '${amount}'`);
      else if (isNumberLiteral(amount) && !/^=\s*\d+\s*$/.test(amount))
        problems.push('pay amount must be a non-negative integer number of fen');
    }
    const tranche = inputSource(params, 'tranche');
    if (
      tranche !== undefined &&
      isFeel(tranche) &&
      (isNumberLiteral(tranche) || /^=\s*(true|false|null)\s*$/.test(tranche))
    )
      problems.push('pay tranche must be a string, e.g. ="first"');
    const status = inputSource(params, 'status');
    if (status !== undefined) {
      const literal = isFeel(status)
        ? isStringLiteral(status)
          ? /"([^"]*)"/.exec(status)?.[1]
          : undefined
        : status;
      if (literal !== undefined && !STATUSES.includes(literal))
        problems.push(`pay status '${literal}' must be paid, stopped or clawback`);
    }
    return problems;
  },
  checkInputs({ tranche, amount, status }) {
    if (typeof tranche !== 'string' || tranche === '')
      return `pay: input 'tranche' must be a non-empty string, got ${JSON.stringify(tranche)}`;
    if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 0)
      return `pay: input 'amount' must be a non-negative integer (fen), got ${JSON.stringify(amount)}`;
    if (status !== undefined && status !== null && !STATUSES.includes(status as string))
      return `pay: input 'status' must be paid, stopped or clawback, got ${JSON.stringify(status)}`;
    return undefined;
  },
};
