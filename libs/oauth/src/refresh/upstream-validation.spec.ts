import type { DueEntry, TokenVault } from '@rapidauth/vault';
import type { UpstreamRefresh } from './upstream-refresh';
import { UpstreamValidation, VALIDATION_WINDOW_SECONDS } from './upstream-validation';

describe('UpstreamValidation', () => {
  const findDue = jest.fn();
  const confirmInBackground = jest.fn();
  const validation = new UpstreamValidation({ findDue } as unknown as TokenVault, { confirmInBackground } as unknown as UpstreamRefresh);
  const entry = (n: number): DueEntry => ({
    familyId: `family-${n}`,
    earliestExpiresAt: new Date(1_000_000 + n),
    environmentId: 'env-1',
    identityId: `identity-${n}`,
    authServiceId: 'service-1',
  });

  beforeEach(() => jest.resetAllMocks());

  it('pages through the logins due within the window, after the last one of each page, until a short page', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    findDue.mockResolvedValueOnce([entry(1), entry(2)]).mockResolvedValueOnce([entry(3), entry(4)]).mockResolvedValueOnce([entry(5)]);
    confirmInBackground.mockResolvedValueOnce('refreshed').mockResolvedValueOnce('revoked').mockResolvedValueOnce('unavailable').mockResolvedValue('confirmed');
    const run = await validation.runOnce(now, 2);
    expect(findDue.mock.calls).toEqual([
      [new Date(now.getTime() + VALIDATION_WINDOW_SECONDS * 1000), undefined, 2],
      [expect.any(Date), entry(2), 2],
      [expect.any(Date), entry(4), 2],
    ]);
    expect(confirmInBackground.mock.calls.map(([family]) => family.id)).toEqual(['family-1', 'family-2', 'family-3', 'family-4', 'family-5']);
    expect(confirmInBackground).toHaveBeenCalledWith({ id: 'family-1', environmentId: 'env-1', identityId: 'identity-1', authServiceId: 'service-1' }, new Date(now.getTime() + VALIDATION_WINDOW_SECONDS * 1000), expect.any(Date));
    expect(run).toEqual({ refreshed: 1, revoked: 1, unavailable: 1, confirmed: 2, skipped: 0, failed: 0 });
  });

  it('counts an unexpected failure and goes on with the others', async () => {
    findDue.mockResolvedValueOnce([entry(1), entry(2)]);
    confirmInBackground.mockRejectedValueOnce(new Error('connection reset')).mockResolvedValue('skipped');
    expect(await validation.runOnce(new Date(), 10)).toMatchObject({ failed: 1, skipped: 1, firstError: 'connection reset' });
  });

  it('stops between batches once aborted', async () => {
    const stopping = new AbortController();
    findDue.mockResolvedValue([entry(1)]);
    confirmInBackground.mockImplementation(async () => {
      stopping.abort();
      return 'confirmed';
    });
    await validation.runOnce(new Date(), 1, stopping.signal);
    expect(findDue).toHaveBeenCalledTimes(1);
  });
});
