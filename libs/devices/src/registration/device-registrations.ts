import { Injectable } from '@nestjs/common';
import type { AppSignatureEntity } from '@rapidauth/database';
import { AppSignatures } from '../app-signatures/app-signatures';
import { RegistrationRefusedError } from '../devices.errors';
import { parseOcraSuite } from '../ocra/ocra-suite';
import { DeviceClients, type DeviceClientMetadata, type DeviceCredentials } from './device-clients';
import { DeviceRegistrationRepository } from './device-registration.repository';
import { matchingStepOffset, ocraChallenge, ocraTimeStep } from './ocra';

/** How long a challenge may be answered. */
export const CHALLENGE_TTL_SECONDS = 300;
/** Clock offset a device may have, in time steps of the suite (10 minutes with T1M). */
export const ACCEPTED_STEPS = 10;
/** Further steps still recognised, to tell a device with a wrong clock from a wrong key. */
const DIAGNOSED_STEPS = 30;

export interface AppBuild {
  readonly identifier: string;
  readonly version: string;
  readonly platform: string;
}

export interface DeviceChallenge {
  readonly registrationId: string;
  readonly ocraSuite: string;
  readonly challenge: string;
  readonly expiresIn: number;
  /** For the audit: the signature asked for. */
  readonly signature: AppSignatureEntity;
}

export interface RegisteredDevice {
  readonly metadata: DeviceClientMetadata;
  readonly credentials: DeviceCredentials;
  readonly signature: AppSignatureEntity;
  /** Time steps between the device's clock and ours. */
  readonly stepOffset: number;
}

/**
 * Dynamic device registration (docs/gateway.md#device-registration): the device names its app build,
 * gets an OCRA challenge (RFC 6287 §7.1 one-way challenge-response, with a timestamp), and proves
 * the build's key by answering it once within 5 minutes; a right answer creates its device client.
 */
@Injectable()
export class DeviceRegistrations {
  constructor(
    private readonly repository: DeviceRegistrationRepository,
    private readonly signatures: AppSignatures,
    private readonly clients: DeviceClients,
  ) {}

  async challenge(build: AppBuild): Promise<DeviceChallenge> {
    const found = await this.repository.findEnabledSignatures(build.identifier, build.version, build.platform);
    // One build approved in two environments cannot say which one the device belongs to.
    if (found.length !== 1) throw new RegistrationRefusedError('UNKNOWN_APP_VERSION', 'this app version is not approved for registration');
    const [signature] = found;
    const suite = parseOcraSuite(signature.ocraSuite);
    const challenge = ocraChallenge(suite);
    const stored = await this.repository.insert(signature.id, challenge, CHALLENGE_TTL_SECONDS);
    return { registrationId: stored.id, ocraSuite: suite.suite, challenge, expiresIn: CHALLENGE_TTL_SECONDS, signature };
  }

  /**
   * Spends the registration (one attempt), then checks the response against every time step within
   * ACCEPTED_STEPS of the server's clock; one matching further away is CLOCK_SKEW_TOO_LARGE.
   */
  async register(registrationId: string, ocraResponse: string, clientName: string | undefined): Promise<RegisteredDevice> {
    // The response's shape is checked before the attempt is spent: a malformed request changes nothing.
    const pending = await this.repository.findPending(registrationId);
    if (pending && !new RegExp(`^\\d{${parseOcraSuite(pending.ocraSuite).digits}}$`).test(ocraResponse)) {
      throw new RegistrationRefusedError('INVALID_PARAMETER', 'ocra_response must have the digits of the suite', pending.signature, { field: 'ocra_response' });
    }
    const consumed = await this.repository.consume(registrationId);
    if (consumed === 'used') throw new RegistrationRefusedError('REGISTRATION_ALREADY_USED', 'this registration was already answered; ask for a new challenge', pending?.signature);
    if (consumed === 'unknown') throw new RegistrationRefusedError('INVALID_REGISTRATION', 'unknown or expired registration', pending?.signature);
    const signature = await this.repository.findSignature(consumed.appSignatureId);
    const named = signature ? { id: signature.id, environmentId: signature.environmentId } : undefined;
    if (!signature?.enabled) throw new RegistrationRefusedError('UNKNOWN_APP_VERSION', 'this app version is not approved for registration', named);

    const suite = parseOcraSuite(signature.ocraSuite);
    const now = ocraTimeStep(suite, Date.now());
    const offset = matchingStepOffset(suite, this.signatures.key(signature), consumed.challenge, ocraResponse, now, DIAGNOSED_STEPS);
    if (offset === null) throw new RegistrationRefusedError('INVALID_OCRA_RESPONSE', 'the OCRA response is wrong', named, { field: 'ocra_response' });
    if (Math.abs(offset) > ACCEPTED_STEPS) {
      throw new RegistrationRefusedError('CLOCK_SKEW_TOO_LARGE', 'the device clock is too far from the server clock', named, { field: 'ocra_response' });
    }

    const { metadata, credentials } = await this.clients.create(signature, clientName);
    return { metadata, credentials, signature, stepOffset: offset };
  }
}
