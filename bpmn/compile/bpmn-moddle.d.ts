// bpmn-moddle exposes its typings only through package "exports", which moduleResolution "node" ignores.
declare module 'bpmn-moddle' {
  export interface ParseWarning {
    message: string;
    element?: { id?: string };
  }
  export interface ParseResult {
    rootElement: unknown;
    warnings: ParseWarning[];
  }
  export interface BpmnModdleInstance {
    fromXML(xml: string, typeName?: string): Promise<ParseResult>;
    /** A new element of `type` (e.g. `bpmn:UserTask`, `zeebe:IoMapping`) with the given properties. */
    create(type: string, properties?: Record<string, unknown>): { $type: string } & Record<string, unknown>;
    toXML(element: unknown, options?: { format?: boolean; preamble?: boolean }): Promise<{ xml: string }>;
  }
  export function BpmnModdle(
    packages?: Record<string, unknown>,
    options?: Record<string, unknown>,
  ): BpmnModdleInstance;
}
