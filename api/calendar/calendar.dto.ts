// OpenAPI schemas of the calendar answers (`npm run api:types` turns them into the UI's types); `implements` keeps
// them in step with the shapes the service builds.
import { ApiProperty } from '@nestjs/swagger';
import type { CalendarYearDates, CalendarYearSummary } from './calendar.service';

/** GET /calendar/workdays. */
export class WorkdaysDto {
  @ApiProperty({ type: [String], description: 'the working days counted, YYYY-MM-DD' }) days!: string[];
  @ApiProperty({ type: String, description: 'the last of them, YYYY-MM-DD' }) lastDay!: string;
  @ApiProperty({ type: String, description: 'end of the last day, Asia/Shanghai (+08:00)' })
  closesAt!: string;
  @ApiProperty({ type: Boolean, description: 'the span reaches a year without calendar data' })
  provisional!: boolean;
}

/** GET /calendar/years items: counts per year. */
export class CalendarYearSummaryDto implements CalendarYearSummary {
  @ApiProperty({ type: Number }) year!: number;
  @ApiProperty({ type: String }) source!: string;
  @ApiProperty({ type: Number, description: 'how many holidays' }) holidays!: number;
  @ApiProperty({ type: Number, description: 'how many make-up workdays' }) workdays!: number;
  @ApiProperty({ type: Boolean, description: 'the bundled package covers this year' }) bundled!: boolean;
  @ApiProperty({ type: Boolean, description: 'an admin loaded this year' }) overridden!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) updatedBy!: string | null;
}

/** GET /calendar/years/:year: the year's dates as the calendar uses them. */
export class CalendarYearDto implements CalendarYearDates {
  @ApiProperty({ type: Number }) year!: number;
  @ApiProperty({ type: String }) source!: string;
  @ApiProperty({ type: [String], description: 'YYYY-MM-DD' }) holidays!: string[];
  @ApiProperty({ type: [String], description: 'make-up workdays, YYYY-MM-DD' }) workdays!: string[];
}
