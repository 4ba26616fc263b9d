export type ExecutionStatusName =
  'Running' | 'Completed' | 'Failed' | 'Canceled' | 'Terminated' | 'ContinuedAsNew' | 'TimedOut';

export interface VisibilityRecord {
  workflowId: string;
  runId: string;
  workflowType: string;
  /** One of ExecutionStatusName. */
  executionStatus: string;
  startTime: Date;
  closeTime?: Date;
  executionTime?: Date;
  taskQueue: string;
  /** Decoded values: string, number, boolean, Date, string[] (keyword list). */
  searchAttributes: Record<string, unknown>;
}

/** Indexed value types, named as Temporal names them. */
export type SearchAttributeType = 'Keyword' | 'KeywordList' | 'Text' | 'Int' | 'Double' | 'Bool' | 'Datetime';
