import { inspect } from 'node:util';

/**
 * Holds a secret read from configuration. Its string, JSON and inspect forms are redacted so a
 * logged or serialised configuration never carries it; `reveal()` is the only way to the bytes.
 */
export class SecretValue {
  readonly #value: Buffer;

  constructor(value: Buffer) {
    this.#value = Buffer.from(value);
  }

  reveal(): Buffer {
    return Buffer.from(this.#value);
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return 'SecretValue([redacted])';
  }
}
