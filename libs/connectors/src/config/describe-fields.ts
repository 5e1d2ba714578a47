import type { ConfigField } from '../connector';
import { fieldsOf, type ConfigClass } from './field';

/**
 * The keys of a config class as the admin API answers them (docs/admin-api.md#auth-service-configuration):
 * bounds taken from the same spec the kind check enforces, and an `object` / `object[]` field's own
 * keys described the same way, so the console renders nested forms with no per-type code.
 */
export function describeFields(configClass: ConfigClass): readonly ConfigField[] {
  return Object.freeze(
    fieldsOf(configClass).map(
      ({ key, kind, required, secret, endpoint, label, help, default: fallback, options, range, maxItems, type }): ConfigField =>
        Object.freeze({
          key,
          kind,
          required,
          secret,
          endpoint,
          label,
          help,
          ...(fallback === undefined ? {} : { default: fallback }),
          ...(options ? { options } : {}),
          ...(range ? { range } : {}),
          ...(maxItems === undefined ? {} : { maxItems }),
          ...(type ? { fields: describeFields(type()) } : {}),
        }),
    ),
  );
}
