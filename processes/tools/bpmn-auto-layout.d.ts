// bpmn-auto-layout ships no typings: it takes BPMN XML without diagram and returns it with one.
declare module 'bpmn-auto-layout' {
  export function layoutProcess(xml: string): Promise<string>;
}
