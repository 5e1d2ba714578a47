import { lineBatches, type BatchDestination } from './line-batches';

function destination() {
  const written: string[] = [];
  const flushed: string[] = [];
  const target: BatchDestination = {
    write: (data) => written.push(data) > 0,
    flush: (callback) => {
      flushed.push('flush');
      callback();
    },
    flushSync: () => flushed.push('flushSync'),
  };
  return { target, written, flushed };
}

describe('lineBatches', () => {
  it('hands lines over joined, once a batch is full', () => {
    const { target, written } = destination();
    const batches = lineBatches(target, 10);
    batches.write('1234\n');
    expect(written).toEqual([]);
    batches.write('5678\n');
    batches.write('9\n');
    expect(written).toEqual(['1234\n5678\n']);
  });

  it('flush hands over what is kept, then waits for the destination', async () => {
    const { target, written, flushed } = destination();
    const batches = lineBatches(target, 1000);
    batches.write('a\n');
    await new Promise<void>((resolve) => batches.flush(resolve));
    expect(written).toEqual(['a\n']);
    expect(flushed).toEqual(['flush']);
    batches.write('b\n');
    batches.flushSync();
    expect(written).toEqual(['a\n', 'b\n']);
    expect(flushed).toEqual(['flush', 'flushSync']);
  });
});
