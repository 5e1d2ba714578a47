import type { DestinationStream } from 'pino';

/** What LineBatches hands its batches to: pino's asynchronous destination (sonic-boom). */
export interface BatchDestination {
  write(data: string): boolean;
  /** Calls back once everything handed over so far has been written. */
  flush(callback: (error?: Error) => void): void;
  flushSync(): void;
}

export interface LineBatches extends DestinationStream {
  /** Hands the lines kept so far to the destination, and calls back once it has written them. */
  flush(callback: () => void): void;
  /** Writes the lines kept so far, and everything the destination still holds, synchronously. */
  flushSync(): void;
}

/**
 * Keeps log lines and hands them to `destination` joined, once at least `batchLength` characters
 * wait. sonic-boom alone, given one line at a time, measures its buffer (`Buffer.byteLength` of
 * the string it appends to) on every write and so paid for each line in proportion to the batch
 * being filled (BENCHMARKS.md); an array and a count cost the same for every line.
 */
export function lineBatches(destination: BatchDestination, batchLength: number): LineBatches {
  let kept: string[] = [];
  let length = 0;
  const handOver = () => {
    if (kept.length === 0) return;
    destination.write(kept.join(''));
    kept = [];
    length = 0;
  };
  return {
    write(line: string) {
      kept.push(line);
      length += line.length;
      if (length >= batchLength) handOver();
    },
    flush(callback) {
      handOver();
      destination.flush(() => callback());
    },
    flushSync() {
      handOver();
      destination.flushSync();
    },
  };
}
