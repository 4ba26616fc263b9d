import { getMetadataArgsStorage } from 'typeorm';
import { numberTransformer } from '../../db/column-transformers';
import { buildDataSourceOptions, ENTITIES, MIGRATIONS } from '../../db/data-source';

describe('buildDataSourceOptions', () => {
  it('never synchronizes or runs migrations implicitly', () => {
    // when options are built for any URL
    const opts = buildDataSourceOptions('postgres://u:p@localhost:5432/db');
    // then schema changes only ever come from explicit migration runs
    expect(opts).toMatchObject({ type: 'postgres', synchronize: false, migrationsRun: false });
    expect(opts.migrations).toEqual(MIGRATIONS);
    expect(opts.entities).toEqual(ENTITIES);
  });

  it('lets callers override pool and logging settings', () => {
    const opts = buildDataSourceOptions('postgres://x', { poolSize: 3, logging: true });
    expect(opts).toMatchObject({ poolSize: 3, logging: true, url: 'postgres://x' });
  });
});

describe('ENTITIES', () => {
  it('lists every entity class that declares a table', () => {
    // given every @Entity() loaded through the data source module
    const declared = getMetadataArgsStorage()
      .tables.map((t) => t.target)
      .filter((t): t is (typeof ENTITIES)[number] => typeof t === 'function');
    // then none is missing from ENTITIES
    expect(new Set(ENTITIES)).toEqual(new Set(declared));
    expect(ENTITIES.map((e) => e.name).sort()).toEqual([
      'AttachmentBlobEntity',
      'AttachmentEntity',
      'BatchEntity',
      'BatchItemEntity',
      'CalendarYearEntity',
      'CaseEntity',
      'DecisionEntity',
      'FormEntity',
      'HistoryEventEntity',
      'IdempotencyKeyEntity',
      'ListRecordEntity',
      'MessageSubscriptionEntity',
      'NotificationEntity',
      'NotificationReadEntity',
      'ObjectionEntity',
      'PaymentEntity',
      'ProcessDefinitionEntity',
      'QuotaReservationEntity',
      'TaskEntity',
      'UserEntity',
    ]);
  });
});

describe('numberTransformer', () => {
  it('reads int8 and numeric strings as numbers and keeps null', () => {
    expect(numberTransformer.from('-5000000')).toBe(-5_000_000);
    expect(numberTransformer.from('12.50')).toBe(12.5);
    expect(numberTransformer.from(null)).toBeNull();
  });

  it('refuses integers that a JS number cannot hold exactly', () => {
    expect(() => numberTransformer.from('9007199254740993')).toThrow('exceeds 2^53');
  });
});
