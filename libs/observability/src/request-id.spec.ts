import { acceptedRequestId, requestIdGenerator } from './request-id';

describe('request ids', () => {
  it('are unique within a process and between processes', () => {
    const [first, second] = [requestIdGenerator(), requestIdGenerator()];
    const ids = new Set([first(), first(), first(), second(), second()]);
    expect(ids.size).toBe(5);
    for (const id of ids) expect(acceptedRequestId(id)).toBe(id);
  });

  it("keep a proxy's plain x-request-id and refuse anything that could forge a log line", () => {
    expect(acceptedRequestId('lb-7f3a.42')).toBe('lb-7f3a.42');
    expect(acceptedRequestId('a"}\n{"level":60')).toBeUndefined();
    expect(acceptedRequestId('x'.repeat(65))).toBeUndefined();
    expect(acceptedRequestId(['a', 'b'])).toBeUndefined();
    expect(acceptedRequestId(undefined)).toBeUndefined();
  });
});
