import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Dialog } from './Dialog';

describe('Dialog', () => {
  it('wraps Tab and Shift+Tab around its own controls', async () => {
    render(
      <>
        <button type="button">Behind</button>
        <Dialog title="Pick" onClose={() => undefined}>
          <input aria-label="First" />
          <button type="button">Last</button>
        </Dialog>
      </>,
    );
    screen.getByRole('button', { name: 'Last' }).focus();
    await userEvent.tab();
    expect(document.activeElement).toBe(screen.getByLabelText('First'));
    await userEvent.tab({ shift: true });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Last', hidden: true }));
  });
});
