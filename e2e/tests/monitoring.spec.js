// Monitoring fields (Home Office return): optional at arrival, completed later
// from the case page, and the manager's return. Every page checked with axe.
const { test, expect, expectAccessible } = require('../fixtures');
const { SITE, USERS } = require('../users');

test('e. monitoring details: optional at arrival, completed later, counted in the return', async ({ signInAs }) => {
  const officer = await signInAs(USERS.officer);
  await officer.goto('/episodes/new');
  const value = await officer.locator('select#site option', { hasText: SITE.name }).first().getAttribute('value');
  await officer.locator('select#site').selectOption(value);

  // Folded away; opened, it is still one page and one request.
  const about = officer.locator('details', { has: officer.locator('#age_band') });
  await expect(officer.locator('#age_band')).toBeHidden();
  await about.locator('summary').click();
  await expect(officer.locator('#age_band')).toBeVisible();
  await expectAccessible(officer, 'arrival form with "About the person" open');
  await officer.getByLabel('25 to 34', { exact: true }).check();
  await officer.getByLabel('Female', { exact: true }).check();
  await officer.getByLabel('Police vehicle', { exact: true }).check();
  await officer.locator('#police_vehicle_reason').selectOption('ambulance_unavailable');
  await officer.getByRole('button', { name: 'Log arrival' }).click();
  await expect(officer).toHaveURL(/\/episodes\/S136-\d{4}-\d{6}$/);
  const ref = officer.url().match(/(S136-\d{4}-\d{6})$/)[1];

  // The case page says what is missing and links to complete it.
  await expect(officer.locator('#monitoring')).toBeVisible();
  await expect(officer.locator('body')).toContainText('Still missing for the Home Office return');
  await expect(officer.locator('body')).toContainText('Ambulance not available within 30 minutes');
  await expectAccessible(officer, 'case page with missing monitoring details');
  await officer.getByRole('link', { name: 'Complete the monitoring details' }).click();
  await expect(officer).toHaveURL(new RegExp(`/episodes/${ref}/monitoring$`));
  await expect(officer.getByLabel('25 to 34', { exact: true })).toBeChecked();
  await expectAccessible(officer, 'monitoring details form');

  // A reason without a police vehicle is refused, with the values kept.
  await officer.locator('#ethnicity').selectOption('black_caribbean');
  await officer.getByLabel('Ambulance', { exact: true }).check();
  await officer.getByRole('button', { name: 'Save monitoring details' }).click();
  const summary = officer.locator('.nhsuk-error-summary');
  await expect(summary).toBeVisible();
  await expect(summary).toContainText('Only give a reason for using a police vehicle');
  await expect(officer.locator('#ethnicity')).toHaveValue('black_caribbean');
  await expectAccessible(officer, 'monitoring details with an error');
  await officer.locator('#police_vehicle_reason').selectOption('');
  await officer.getByRole('button', { name: 'Save monitoring details' }).click();
  await expect(officer).toHaveURL(new RegExp(`/episodes/${ref}$`));
  await expect(officer.locator('body')).toContainText('Black: Caribbean');
  await expect(officer.locator('body')).toContainText('Monitoring details updated');

  // The manager's return counts it.
  const manager = await signInAs(USERS.manager);
  await manager.goto('/reports/home-office');
  await expect(manager.getByRole('heading', { level: 1 })).toContainText('Home Office return');
  // The self-defined table comes first; the officer-perceived one (0 here:
  // nothing perceived differently) follows it.
  const caribbean = manager.getByRole('row').filter({ hasText: 'Black: Caribbean' }).first();
  await expect(caribbean.locator('td').last()).toHaveText('1');
  await expectAccessible(manager, 'Home Office return');
});
