// bpmnlint ships no typings for its CommonJS entry points; only what camunda-lint.ts uses.
declare module 'bpmnlint' {
  export interface LintReport {
    id?: string;
    message: string;
    category: 'error' | 'warn' | 'info' | 'rule-error';
    data?: { allowedVersion?: string; [key: string]: unknown };
  }
  export class Linter {
    constructor(options: { config: unknown; resolver: unknown });
    lint(definitions: unknown): Promise<Record<string, LintReport[]>>;
  }
}
declare module 'bpmnlint/lib/resolver/node-resolver' {
  export default class NodeResolver {}
}
