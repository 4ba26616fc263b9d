// dmn-moddle ships no typings: the little we use of it.
declare module 'dmn-moddle' {
  export interface DmnParseResult {
    rootElement: unknown;
    warnings: { message: string; element?: { id?: string } }[];
  }
  export class DmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<DmnParseResult>;
  }
}
