const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids in deep links are UUIDs; anything else is an unknown page, not a request the API refuses as bad. */
export const isUuid = (value: string): boolean => UUID.test(value);
