import type { ShownValue } from '../../components/SecretOnce';

/** Credentials just issued, held only until their SecretOnce dialog is closed. */
export interface Revealed {
  readonly title: string;
  readonly values: readonly ShownValue[];
}
