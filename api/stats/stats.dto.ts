// OpenAPI schemas of the overview answers (`npm run api:types` turns them into the UI's types); `implements` keeps
// them in step with the rows the repository counts.
import { ApiProperty } from '@nestjs/swagger';
import type { ElementCounts, ProgrammeCounts, WeekCounts } from '../../db/stats.repository';

const DISTRICT = { type: String, nullable: true, description: 'the district counted; null = every district' };

export class ProgrammeCountsDto implements ProgrammeCounts {
  @ApiProperty({ type: String }) processKey!: string;
  @ApiProperty({ type: String, nullable: true, description: "the latest version's name" }) name!:
    string | null;
  @ApiProperty({ type: Number }) active!: number;
  @ApiProperty({ type: Number }) completed!: number;
  @ApiProperty({ type: Number }) terminated!: number;
  @ApiProperty({ type: Number }) failed!: number;
  @ApiProperty({ type: Number, description: 'active cases with an open task past due' }) overdue!: number;
}

export class ProgrammeStatsDto {
  @ApiProperty(DISTRICT) district!: string | null;
  @ApiProperty({ type: [ProgrammeCountsDto] }) items!: ProgrammeCountsDto[];
}

export class ElementCountsDto implements ElementCounts {
  @ApiProperty({ type: String }) elementId!: string;
  @ApiProperty({ type: Number, description: 'active cases waiting there' }) active!: number;
  @ApiProperty({ type: Number, description: 'failed cases stopped there' }) incidents!: number;
  @ApiProperty({ type: Number, description: 'cases with an open task there past due' }) overdue!: number;
}

export class ElementStatsDto {
  @ApiProperty({ type: String }) processKey!: string;
  @ApiProperty(DISTRICT) district!: string | null;
  @ApiProperty({ type: [ElementCountsDto] }) items!: ElementCountsDto[];
}

export class WeekCountsDto implements WeekCounts {
  @ApiProperty({ type: String, description: 'the Monday (Asia/Shanghai) starting the week, YYYY-MM-DD' })
  week!: string;
  @ApiProperty({ type: Number }) started!: number;
  @ApiProperty({ type: Number }) finished!: number;
}

export class WeeklyStatsDto {
  @ApiProperty(DISTRICT) district!: string | null;
  @ApiProperty({ type: [WeekCountsDto] }) items!: WeekCountsDto[];
}
