import { ApiProperty } from '@nestjs/swagger';

export class DeviceProfileDto {
  @ApiProperty({ format: 'uuid', description: 'The profile: its refresh-token family, the `sid` of its access tokens and the `profile_id` of its token answers' })
  profileId: string;

  @ApiProperty({ format: 'uuid', description: 'The user signed in: `sub` of its tokens' })
  uid: string;

  @ApiProperty({ description: 'When the user signed in on the device' })
  createdAt: Date;

  @ApiProperty({ description: 'Whether the profile refreshes only with a PIN (never shown)' })
  pinSet: boolean;

  @ApiProperty({ description: 'Whether the profile has a biometric key' })
  biometricSet: boolean;

  @ApiProperty({ nullable: true, type: Date, description: 'When its latest refresh token was issued' })
  lastUsedAt: Date | null;
}

export class DeviceProfilesDto {
  @ApiProperty({ type: [DeviceProfileDto], description: "The client's live profiles, oldest first; empty for a client that is not a device client" })
  profiles: DeviceProfileDto[];
}
