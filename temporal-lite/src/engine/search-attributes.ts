// Search attributes and memo-like values: typed storage, as a real server keeps them with their registered types.
import type { Msg } from '../proto';
import type { Execution } from '../types';

export class SearchAttributes {
  private saTypes = new Map<string, string>([
    ['CustomKeywordField', 'Keyword'],
    ['CustomStringField', 'Text'],
    ['CustomTextField', 'Text'],
    ['CustomIntField', 'Int'],
    ['CustomDoubleField', 'Double'],
    ['CustomBoolField', 'Bool'],
    ['CustomDatetimeField', 'Datetime'],
    ['CustomKeywordListField', 'KeywordList'],
  ]);

  mergeSearchAttributes(exec: Execution, fields: Record<string, Msg>): void {
    for (const [k, v] of Object.entries(fields)) {
      const data = v?.data ? Buffer.from(v.data as Uint8Array).toString() : '';
      if (!data || data === 'null' || data === '[]') delete exec.searchAttributes[k];
      else exec.searchAttributes[k] = this.typedSearchAttribute(k, v);
    }
  }

  /** Stored search attributes always carry their type, as on a real server (which knows the registered types). */
  private typedSearchAttribute(name: string, p: Msg): Msg {
    const metaType = p.metadata?.type ? Buffer.from(p.metadata.type as Uint8Array).toString() : '';
    if (metaType) {
      if (!this.saTypes.has(name)) this.saTypes.set(name, metaType);
      return p;
    }
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from((p.data as Uint8Array) ?? []).toString());
    } catch {
      return p;
    }
    let type = this.saTypes.get(name);
    if (!type) {
      const sample = Array.isArray(value) && value.length === 1 ? (value[0] as unknown) : value;
      type = Array.isArray(sample)
        ? 'KeywordList'
        : typeof sample === 'number'
          ? Number.isInteger(sample)
            ? 'Int'
            : 'Double'
          : typeof sample === 'boolean'
            ? 'Bool'
            : typeof sample === 'string' && /^\d{4}-\d\d-\d\dT/.test(sample)
              ? 'Datetime'
              : 'Keyword';
    }
    if (type !== 'KeywordList' && Array.isArray(value) && value.length === 1) value = value[0];
    return {
      metadata: { ...(p.metadata ?? {}), encoding: Buffer.from('json/plain'), type: Buffer.from(type) },
      data: Buffer.from(JSON.stringify(value)),
    };
  }

  /**
   * The start request's attributes as the started event carries them: data as sent, with the `type` metadata a real
   * server adds (so a workflow decodes a Datetime given through the untyped API as a Date).
   */
  withSaTypes(sa: Msg | undefined): Msg | undefined {
    const fields = sa?.indexedFields as Record<string, Msg> | undefined;
    if (!fields) return sa;
    const indexedFields: Record<string, Msg> = {};
    for (const [k, v] of Object.entries(fields)) {
      const type = this.typedSearchAttribute(k, v).metadata?.type as Uint8Array | undefined;
      indexedFields[k] = type && !v.metadata?.type ? { ...v, metadata: { ...(v.metadata ?? {}), type } } : v;
    }
    return { ...sa, indexedFields };
  }

  decodeSearchAttribute(p: Msg): unknown {
    try {
      const v = JSON.parse(Buffer.from((p.data as Uint8Array) ?? []).toString()) as unknown;
      const t = p.metadata?.type ? Buffer.from(p.metadata.type as Uint8Array).toString() : '';
      if (t === 'Datetime' && typeof v === 'string') return new Date(v);
      return v;
    } catch {
      return undefined;
    }
  }
}
