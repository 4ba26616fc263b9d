// OpenAPI schemas of the login answer (`npm run api:types` turns them into the UI's types).
import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from './auth-user';

export class UserDto {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String }) username!: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role', isArray: true }) roles!: string[];
  @ApiProperty({ type: String, nullable: true, description: 'district code of district staff, else null' })
  district!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'employer or institution, else null' })
  affiliation!: string | null;
}

export class LoginResponseDto {
  @ApiProperty({ type: String, description: 'bearer token' }) accessToken!: string;
  @ApiProperty({ type: UserDto }) user!: UserDto;
  @ApiProperty({
    type: Boolean,
    description: 'GET /dev/time exists (in-process temporal-lite), so clients call it only then',
  })
  devClock!: boolean;
}
