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
  }
  export function BpmnModdle(
    packages?: Record<string, unknown>,
    options?: Record<string, unknown>,
  ): BpmnModdleInstance;
}
