// Shapes of the HTTP API (contract §2). Only what the UI reads.

export interface ErrorDetail {
  field?: string;
  elementId?: string;
  /** the detail's own reason (e.g. TASK_NOT_OPEN for one case of a list) */
  code?: string;
  message: string;
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** Stable machine-readable reason (contract §2): the UI explains refusals by it. */
  code?: string;
  details?: ErrorDetail[];
}

export type Role =
  | 'applicant'
  | 'employer'
  | 'district-reviewer'
  | 'city-reviewer'
  | 'expert'
  | 'org-department'
  | 'finance'
  | 'admin';

export interface User {
  id: string;
  username: string;
  roles: Role[];
  district: string | null;
  affiliation: string | null;
}

export interface LoginResponse {
  accessToken: string;
  user: User;
  /** GET /dev/time exists (in-process temporal-lite). */
  devClock?: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export type Variables = Record<string, unknown>;

export type CaseStatus = 'active' | 'completed' | 'terminated' | 'failed';

export interface CaseSummary {
  id: string;
  processKey: string;
  version: number;
  businessKey: string;
  status: CaseStatus;
  /** rf:outcome of the end event the case finished at (approved, rejected, withdrawn …), else null. */
  outcome?: string | null;
  activeElements?: string[];
  variables?: Variables;
  calendarProvisional?: boolean;
  createdAt?: string;
  updatedAt?: string;
}

export interface CaseDetail extends CaseSummary {
  activeElements: string[];
  variables: Variables;
  calendarProvisional: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface HistoryEvent {
  seq: number;
  at: string;
  type: string;
  elementId?: string | null;
  actor?: string | null;
  /** the actor's roles and district (the UI names them by office) */
  actorRoles?: string[];
  actorDistrict?: string;
  data?: Record<string, unknown> | null;
}

export type PaymentStatus = 'paid' | 'stopped' | 'clawback';

export interface Payment {
  tranche: string;
  amount: number;
  status: PaymentStatus;
  reason?: string | null;
  at: string;
}

export interface Task {
  id: string;
  caseId: string;
  elementId: string;
  name: string | null;
  candidateGroups: string[];
  assignee: string | null;
  createdAt: string;
  dueAt: string | null;
  state: 'open' | 'completed' | string;
}

/** An item of GET /tasks: the task plus its case's key, procedure and status (no per-row case look-up needed). */
export interface InboxTask extends Task {
  businessKey: string;
  processKey: string;
  caseStatus: CaseStatus;
  applicantName: string | null;
}

export interface CompleteResponse {
  task: Task;
  case: CaseDetail;
}

export interface DefinitionSummary {
  key: string;
  name: string | null;
  latestVersion: number;
}

export interface DefinitionVersion {
  key: string;
  version: number;
  name: string | null;
  xml: string;
}

export interface DeployResponse {
  id: string;
  key: string;
  version: number;
  name: string | null;
}

export interface Objection {
  id: string;
  caseId: string;
  reason: string;
  createdBy: string;
  createdAt: string;
}

export type BatchAction =
  | { type: 'complete-task'; elementId: string; variables: Variables }
  | { type: 'message'; name: string; variables: Variables };

export interface BatchItem {
  caseId: string;
  status: 'done' | 'failed';
  error?: string | ErrorBody | null;
  /** the failure's stable code */
  code?: string;
}

export interface Batch {
  id: string;
  title: string;
  action: BatchAction;
  items: BatchItem[];
  createdBy: string;
  createdAt: string;
}

export interface Workdays {
  days: string[];
  lastDay: string;
  closesAt: string;
  provisional: boolean;
}

/** POST /attachments answer and GET /cases/:id/attachments items. */
export interface Attachment {
  id: string;
  caseId: string | null;
  field: string | null;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  createdAt: string;
}
