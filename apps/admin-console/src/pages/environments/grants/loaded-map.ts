import type { Loaded } from '../../../app/use-load';

/** The same load state over a value derived from the loaded one. */
export const mapLoaded = <T, U>(loaded: Loaded<T>, map: (value: T) => U): Loaded<U> => (loaded.state === 'ready' ? { state: 'ready', value: map(loaded.value) } : loaded);
