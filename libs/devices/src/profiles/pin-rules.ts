import { APP_SIGNATURE_BOUNDS } from '../app-signatures/app-signatures';

/** The longest PIN (docs/gateway.md#device-profiles); the shortest is the app signature's `pinMinLength`. */
export const PIN_MAX_LENGTH = 12;
/** The shortest PIN any signature allows (its `pinMinLength` may be raised later). */
export const SHORTEST_PIN = APP_SIGNATURE_BOUNDS.pinMinLength.min;

/** Whether `pin` has a PIN's shape for this signature: digits only, `minLength` to 12 of them. */
export function isPinShaped(pin: unknown, minLength: number): pin is string {
  return typeof pin === 'string' && pin.length >= minLength && pin.length <= PIN_MAX_LENGTH && /^[0-9]+$/.test(pin);
}

/**
 * Whether a PIN presented to unlock a profile (at refresh, or as a change's `current_pin`) could be
 * one: SHORTEST_PIN to 12 digits, whatever the signature's `pinMinLength` is now. A PIN set before it was
 * raised still unlocks; anything else is judged (and counted) as a wrong PIN.
 */
export function couldBePin(pin: unknown): pin is string {
  return isPinShaped(pin, SHORTEST_PIN);
}

/** Why a well-shaped PIN is too easy to guess, if it is: all one digit, or a run up or down (`12345`, `98765`). */
export function pinWeakness(pin: string): string | undefined {
  const digits = [...pin].map(Number);
  const steps = new Set(digits.slice(1).map((digit, i) => digit - digits[i]));
  if (steps.size !== 1) return undefined;
  const [step] = steps;
  if (step === 0) return 'pin must not be one digit repeated';
  if (step === 1 || step === -1) return 'pin must not be a run of consecutive digits';
  return undefined;
}
