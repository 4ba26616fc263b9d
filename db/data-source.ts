// The one TypeORM configuration, used by Nest (TypeOrmModule.forRoot(buildDataSourceOptions(url))), the typeorm CLI
// (default export: `npx tsx node_modules/typeorm/cli.js migration:run -d db/data-source.ts`) and the tests.
import 'reflect-metadata';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { type PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { AttachmentBlobEntity } from './entities/attachment-blob.entity';
import { AttachmentEntity } from './entities/attachment.entity';
import { BatchItemEntity } from './entities/batch-item.entity';
import { BatchEntity } from './entities/batch.entity';
import { CalendarYearEntity } from './entities/calendar-year.entity';
import { CaseEntity } from './entities/case.entity';
import { DecisionEntity } from './entities/decision.entity';
import { FormEntity } from './entities/form.entity';
import { ListRecordEntity } from './entities/list-record.entity';
import { HistoryEventEntity } from './entities/history-event.entity';
import { IdempotencyKeyEntity } from './entities/idempotency-key.entity';
import { MessageSubscriptionEntity } from './entities/message-subscription.entity';
import { NotificationEntity } from './entities/notification.entity';
import { NotificationReadEntity } from './entities/notification-read.entity';
import { ObjectionEntity } from './entities/objection.entity';
import { PaymentEntity } from './entities/payment.entity';
import { QuotaReservationEntity } from './entities/quota-reservation.entity';
import { ProcessDefinitionEntity } from './entities/process-definition.entity';
import { TaskEntity } from './entities/task.entity';
import { UserEntity } from './entities/user.entity';
import { InitialSchema1795300000000 } from './migrations/1795300000000-initial-schema';
import { Forms1795900000000 } from './migrations/1795900000000-forms';
import { Decisions1796900000000 } from './migrations/1796900000000-decisions';
import { TimerStartSchedules1797200000000 } from './migrations/1797200000000-timer-start-schedules';
import { NotificationsDeadLetter1795400000000 } from './migrations/1795400000000-notifications-dead-letter';
import { InboxDistrictIndex1795500000000 } from './migrations/1795500000000-inbox-district-index';
import { MessageSubscriptions1795600000000 } from './migrations/1795600000000-message-subscriptions';
import { InboxCountIndex1795800000000 } from './migrations/1795800000000-inbox-count-index';
import { QuotaReservations1795700000000 } from './migrations/1795700000000-quota-reservations';
import { CaseOutcomeBusinessKeys1795910000000 } from './migrations/1795910000000-case-outcome-business-keys';
import { LoginThrottleTokenVersion1795920000000 } from './migrations/1795920000000-login-throttle-token-version';
import { CaseRelationships1795930000000 } from './migrations/1795930000000-case-relationships';
import { RecoveryJobs1795940000000 } from './migrations/1795940000000-recovery-jobs';
import { Attachments1795950000000 } from './migrations/1795950000000-attachments';
import { NotificationReads1796700000000 } from './migrations/1796700000000-notification-reads';
import { CaseSearchOverview1796100000000 } from './migrations/1796100000000-case-search-overview';
import { ListRecords1796300000000 } from './migrations/1796300000000-list-records';
import { Jobs1796500000000 } from './migrations/1796500000000-jobs';
import { JobListeners1797100000000 } from './migrations/1797100000000-job-listeners';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity lists
export const ENTITIES: Function[] = [
  ProcessDefinitionEntity,
  CaseEntity,
  TaskEntity,
  HistoryEventEntity,
  PaymentEntity,
  NotificationEntity,
  BatchEntity,
  BatchItemEntity,
  ObjectionEntity,
  CalendarYearEntity,
  UserEntity,
  IdempotencyKeyEntity,
  MessageSubscriptionEntity,
  QuotaReservationEntity,
  AttachmentEntity,
  AttachmentBlobEntity,
  FormEntity,
  DecisionEntity,
  NotificationReadEntity,
  ListRecordEntity,
];

// Listed, not globbed: globs break under jest/swc, tsx and compiled dist in different ways.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [
  InitialSchema1795300000000,
  NotificationsDeadLetter1795400000000,
  InboxDistrictIndex1795500000000,
  MessageSubscriptions1795600000000,
  QuotaReservations1795700000000,
  InboxCountIndex1795800000000,
  Forms1795900000000,
  CaseOutcomeBusinessKeys1795910000000,
  LoginThrottleTokenVersion1795920000000,
  CaseRelationships1795930000000,
  RecoveryJobs1795940000000,
  Attachments1795950000000,
  NotificationReads1796700000000,
  CaseSearchOverview1796100000000,
  ListRecords1796300000000,
  Jobs1796500000000,
  Decisions1796900000000,
  JobListeners1797100000000,
  TimerStartSchedules1797200000000,
];

export function buildDataSourceOptions(
  url: string,
  extra?: Partial<PostgresConnectionOptions>,
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    uuidExtension: 'pgcrypto',
    applicationName: 'reviewflow',
    ...extra,
  } as DataSourceOptions;
}

/** Applies pending migrations with a short-lived connection. */
export async function runMigrations(url: string): Promise<void> {
  const dataSource = new DataSource(buildDataSourceOptions(url, { poolSize: 1 }));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}

export default new DataSource(buildDataSourceOptions(process.env.DATABASE_URL ?? ''));
