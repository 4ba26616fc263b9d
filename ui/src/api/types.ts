// Shapes of the HTTP API (contract §2). Only what the UI reads. Each is an alias of a schema generated from the
// server's DTOs (`npm run api:types`), so it cannot drift; only the generic Page<T> and Variables are written here.
import type { components } from './generated/openapi';

type Schemas = components['schemas'];

export type ErrorDetail = Schemas['ErrorDetailDto'];

export type ErrorBody = Schemas['ErrorBodyDto'];

export type Role = Schemas['Role'];

export type User = Schemas['UserDto'];

export type LoginResponse = Schemas['LoginResponseDto'];

export interface Page<T> {
  items: T[];
  total: number;
}

export type Variables = Record<string, unknown>;

export type CaseStatus = Schemas['CaseStatus'];

/** POST /cases answers the summary; the list and the detail carry the rest. */
export type CaseSummary = Schemas['CaseSummaryDto'] &
  Partial<Omit<CaseDetail, keyof Schemas['CaseSummaryDto']>>;

export type CaseDetail = Schemas['CaseDetailDto'];

export type HistoryEvent = Schemas['HistoryEventDto'];

export type PaymentStatus = Schemas['PaymentStatus'];

export type Payment = Schemas['PaymentDto'];

export type Task = Schemas['TaskDto'];

/** An item of GET /tasks: the task plus its case's key, procedure and status (no per-row case look-up needed). */
export type InboxTask = Schemas['InboxTaskDto'];

export type CompleteResponse = Schemas['CompleteResponseDto'];

export type DefinitionSummary = Schemas['DefinitionSummaryDto'];

export type DefinitionVersion = Schemas['DefinitionVersionDto'];

export type DeployResponse = Schemas['DeployResponseDto'];

export type Objection = Schemas['ObjectionDto'];

/** POST /batches answer and GET /batches/:id. */
export type Batch = Schemas['BatchDto'];

export type BatchAction = Batch['action'];

export type BatchItem = Schemas['BatchItemDto'];

/** POST /messages answer. */
export type PublishResult = Schemas['PublishResultDto'];

/** GET /notifications (the bell). */
export type NotificationPage = Schemas['NotificationPageDto'];
export type AppNotification = Schemas['NotificationDto'];

/** GET /incidents items. */
export type IncidentItem = Schemas['IncidentDto'];

/** GET /cases/:id/element-instances items. */
export type ElementInstance = Schemas['ElementInstanceDto'];

export type Workdays = Schemas['WorkdaysDto'];

/** POST /attachments answer and GET /cases/:id/attachments items. */
export type Attachment = Schemas['AttachmentDto'];

/** GET /calendar/years items: counts per year. */
export type CalendarYearSummary = Schemas['CalendarYearSummaryDto'];

/** GET /calendar/years/:year. */
export type CalendarYear = Schemas['CalendarYearDto'];

/** GET /cases/:id/jobs items: jobs waiting for an external worker. */
export type CaseJob = Schemas['CaseJobDto'];

/** GET /tasks/done items (已办). */
export type DoneTask = Schemas['DoneTaskDto'];

/** GET /stats/programmes: case counts per programme. */
export type ProgrammeStats = Schemas['ProgrammeStatsDto'];
export type ProgrammeCounts = Schemas['ProgrammeCountsDto'];

/** GET /stats/programmes/:processKey/elements: counts per element of one programme. */
export type ElementStats = Schemas['ElementStatsDto'];
export type ElementCounts = Schemas['ElementCountsDto'];

/** GET /stats/weekly: cases started and finished per week. */
export type WeeklyStats = Schemas['WeeklyStatsDto'];
export type WeekCounts = Schemas['WeekCountsDto'];
