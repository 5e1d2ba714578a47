/** Injection token of the open Database (kind + data source). */
export const DATABASE = Symbol('DATABASE');
