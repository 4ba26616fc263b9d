// quota (our extension of the built-in table): takes one place of (quota, period, grade); a quota name (header or
// input) and a limit that is a whole number.
import { isFeel } from '../feel/feel';
import { type TaskType, inputSource, requireParameters } from './task-type';

export const quotaTaskType: TaskType = {
  name: 'quota',
  job: false,
  check(params) {
    const problems = requireParameters('quota', params, { inputs: ['period', 'grade', 'limit'] });
    if (!params.headers.quota && !params.inputs.some((i) => i.target === 'quota'))
      problems.push("task type 'quota' needs the header or input 'quota' (the quota's name)");
    const limit = inputSource(params, 'limit');
    if (
      limit !== undefined &&
      (!isFeel(limit) ||
        /^=\s*"[^"]*"\s*$/.test(limit) ||
        /^=\s*-?\d+\.\d+\s*$/.test(limit) ||
        /^=\s*-\d/.test(limit))
    )
      problems.push(`quota limit must be a non-negative whole number (e.g. =5), not '${limit}'`);
    return problems;
  },
};
