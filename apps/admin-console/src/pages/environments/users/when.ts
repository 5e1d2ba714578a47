/** A time of the API as the admin's browser writes it; none as "Never". */
export const when = (iso: string | null): string => (iso ? new Date(iso).toLocaleString() : 'Never');
