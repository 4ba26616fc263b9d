import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Overrides for one year of the working-day calendar; wins over the bundled `chinese-days` data. */
@Entity('calendar_years')
export class CalendarYearEntity {
  @PrimaryColumn('int')
  year!: number;

  /** YYYY-MM-DD days off */
  @Column('text', { array: true, default: () => `'{}'` })
  holidays!: string[];

  /** YYYY-MM-DD make-up working days (weekends that are worked) */
  @Column('text', { array: true, default: () => `'{}'` })
  workdays!: string[];

  /** 'bundled' | 'admin' | … */
  @Column('text')
  source!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column('text', { name: 'updated_by', nullable: true })
  updatedBy!: string | null;
}
