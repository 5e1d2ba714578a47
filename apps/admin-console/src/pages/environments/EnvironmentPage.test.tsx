import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENT, page, renderEnvironment } from '../../test-support/render-environment';

const base = `/environments/${ENVIRONMENT.id}`;
const lists = {
  [`GET /v1/environments/${ENVIRONMENT.id}/clients`]: [200, page([])],
  [`GET /v1/environments/${ENVIRONMENT.id}/users`]: [200, page([])],
} as const;

describe('the environment page', () => {
  it("is headed by the environment's name, links back to its app and offers the seven tabs", async () => {
    renderEnvironment(base);
    expect(await screen.findByRole('heading', { level: 1, name: 'production' })).toBeTruthy();
    expect((await screen.findByRole('link', { name: 'Back to app shop' })).getAttribute('href')).toBe(`/apps/${ENVIRONMENT.appId}`);
    const tabs = within(screen.getByRole('tablist')).getAllByRole('tab');
    expect(tabs.map((tab) => tab.textContent)).toEqual(['Auth services', 'Identity', 'Clients', 'Users', 'Authentication grants', 'Data links', 'Devices']);
    expect(screen.getByRole('tab', { name: 'Auth services' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('tabpanel', { name: 'Auth services' })).toBeTruthy();
  });

  it('opens the tab a deep link names, and keeps the selected tab in the URL path', async () => {
    renderEnvironment(`${base}/clients`, lists);
    const clients = await screen.findByRole('tab', { name: 'Clients' });
    expect(clients.getAttribute('aria-selected')).toBe('true');
    expect(clients.tabIndex).toBe(0);
    expect(screen.getByRole('tab', { name: 'Users' }).tabIndex).toBe(-1);
    expect(within(screen.getByRole('tabpanel', { name: 'Clients' })).getByRole('heading', { name: 'Clients' })).toBeTruthy();
    await userEvent.click(screen.getByRole('tab', { name: 'Users' }));
    expect(screen.getByLabelText('Location').textContent).toBe(`${base}/users`);
    expect(await screen.findByRole('tabpanel', { name: 'Users' })).toBeTruthy();
  });

  it('moves between tabs with the arrow keys, Home and End, wrapping around', async () => {
    renderEnvironment(`${base}/clients`, lists);
    (await screen.findByRole('tab', { name: 'Clients' })).focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Users' }));
    expect(screen.getByLabelText('Location').textContent).toBe(`${base}/users`);
    await userEvent.keyboard('{ArrowLeft}{ArrowLeft}');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Identity' }));
    await userEvent.keyboard('{End}');
    expect(screen.getByRole('tab', { name: 'Devices' }).getAttribute('aria-selected')).toBe('true');
    await userEvent.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Auth services' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByLabelText('Location').textContent).toBe(`${base}/services`);
  });

  it('answers "Not found" with a way back for an unknown environment', async () => {
    renderEnvironment('/environments/0b6f3c1e-2a4d-4c8e-9f10-999999999999/users');
    expect(await screen.findByRole('heading', { name: 'Not found' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back' })).toBeTruthy();
    expect(screen.queryByRole('tablist')).toBeNull();
  });

  it('answers "Not found" for a tab that does not exist', async () => {
    renderEnvironment(`${base}/settings`);
    expect(await screen.findByRole('heading', { name: 'Not found' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back' }).getAttribute('href')).toBe(base);
  });
});
