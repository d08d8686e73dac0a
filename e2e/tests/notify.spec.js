// Escalation and notifications set up by an admin on the pages: a site's
// thresholds (refused, then saved) and an email contact, a webhook (refused,
// then added) and the notifications list. Every state checked with axe at
// phone size (the project's device).
const { test, expect, expectAccessible } = require('../fixtures');
const { USERS } = require('../users');

test('n. notifications: escalation, contacts and webhooks set on the pages', async ({ signInAs }) => {
  const admin = await signInAs(USERS.admin);
  await admin.goto('/admin/sites/OAK');
  await expect(admin.locator('#at')).toHaveValue('0,45,60');
  await admin.locator('#at').fill('0,45,soon');
  await admin.getByRole('button', { name: 'Save escalation' }).click();
  const summary = admin.locator('.nhsuk-error-summary');
  await expect(summary).toBeVisible();
  await expect(admin.locator('#at')).toHaveValue('0,45,soon');
  await expectAccessible(admin, 'site escalation with an error');
  await summary.locator('a').first().click();
  await expect(admin.locator('#at')).toBeFocused();
  await admin.locator('#at').fill('0,30,60');
  await admin.locator('#repeat').fill('30');
  await admin.getByRole('button', { name: 'Save escalation' }).click();
  await expect(admin.locator('[role=status]')).toBeVisible();
  await admin.goto('/admin/sites/OAK');
  await expect(admin.locator('#at')).toHaveValue('0,30,60');
  await admin.locator('#email').fill('oncall@oak.example.nhs.uk');
  await admin.getByRole('button', { name: 'Add email contact' }).click();
  await admin.goto('/admin/sites/OAK');
  await expect(admin.getByText('On call: oncall@oak.example.nhs.uk')).toBeVisible();
  await expectAccessible(admin, 'site with escalation and a contact');

  await admin.goto('/admin/notifications');
  await expectAccessible(admin, 'notifications');
  await admin.locator('#url').fill('ftp://control.example.police.uk/hook');
  await admin.locator('#secret').fill('short');
  await admin.getByRole('button', { name: 'Add webhook' }).click();
  await expect(admin.locator('.nhsuk-error-summary')).toBeVisible();
  await expect(admin.locator('#url')).toHaveValue('ftp://control.example.police.uk/hook');
  await expectAccessible(admin, 'webhook with errors');
  await admin.locator('#url').fill('https://control.example.police.uk/s136');
  await admin.locator('#secret').fill('a long shared secret for signing');
  await admin.locator('#force').fill('WMP');
  await admin.locator('#events').fill('escalation');
  await admin.getByRole('button', { name: 'Add webhook' }).click();
  await admin.goto('/admin/notifications');
  await expect(admin.getByText('https://control.example.police.uk/s136')).toBeVisible();
  await expectAccessible(admin, 'notifications with a webhook');
});
