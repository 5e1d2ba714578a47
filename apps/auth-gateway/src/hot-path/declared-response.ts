import type { Type } from '@nestjs/common';
import {
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  HEADERS_METADATA,
  HTTP_CODE_METADATA,
  INTERCEPTORS_METADATA,
  PIPES_METADATA,
} from '@nestjs/common/constants';

/** What a Nest route sets on its response before its handler runs (and keeps on an error). */
export interface DeclaredResponse {
  readonly status: number;
  readonly headers: ReadonlyArray<readonly [name: string, value: string]>;
}

/** Nest's status for a POST route without @HttpCode. */
const POST_DEFAULT_STATUS = 201;

/**
 * The status and headers a controller's POST method declares with @HttpCode and @Header, in the
 * order Nest sets them (decorators apply bottom-up), read from Nest's own metadata, so that the
 * hot path answers with whatever the controller declares. Refuses (at start-up) what the hot path
 * does not do as Nest would: guards, interceptors, pipes or filters on the route, computed headers,
 * a declared Content-Type (Express rewrites it).
 */
export function declaredResponse<T>(controller: Type<T>, method: keyof T & string): DeclaredResponse {
  const handler = controller.prototype[method] as unknown;
  if (typeof handler !== 'function') throw new Error(`hot path: ${controller.name}.${method} is not a method`);
  for (const key of [GUARDS_METADATA, INTERCEPTORS_METADATA, PIPES_METADATA, EXCEPTION_FILTERS_METADATA]) {
    if (Reflect.getMetadata(key, controller) || Reflect.getMetadata(key, handler)) {
      throw new Error(`hot path: ${controller.name}.${method} has ${key} metadata, which the hot path does not run`);
    }
  }
  const declared = (Reflect.getMetadata(HEADERS_METADATA, handler) ?? []) as Array<{ name: string; value: unknown }>;
  const headers = declared.map(({ name, value }) => {
    if (typeof value !== 'string' || name.toLowerCase() === 'content-type') {
      throw new Error(`hot path: ${controller.name}.${method} declares the header ${name} in a way the hot path does not follow`);
    }
    return [name, value] as const;
  });
  return { status: (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? POST_DEFAULT_STATUS, headers };
}
