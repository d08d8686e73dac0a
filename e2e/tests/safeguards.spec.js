// Safeguards: a s135 warrant case at a police station, with the inspector's
// authorisation and a health check; after the handover the custody board
// still lists the person with the next check. Every page checked with axe (WCAG 2.2 AA).
const { test, expect, expectAccessible, londonLocal } = require('../fixtures');
const { STATION, USERS } = require('../users');

test('g. a s135 warrant case at a police station: authorisation, health checks after the handover', async ({ signInAs }) => {
  const officer = await signInAs(USERS.officer);
  await officer.goto('/episodes/new');
  await officer.locator('select#site').selectOption(STATION.code);

  // The warrant fields are revealed only when s135 is chosen.
  await expect(officer.locator('#warrant_at')).toBeHidden();
  await officer.getByLabel('Section 135(1) warrant').check();
  await expect(officer.locator('#warrant_at')).toBeVisible();
  await expect(officer.locator('#amhp_name')).toBeVisible();
  await expectAccessible(officer, 'arrival form, s135 revealed');

  // Nothing else given: the police station needs its authorisation.
  await officer.getByRole('button', { name: 'Log arrival' }).click();
  await expect(officer.locator('.nhsuk-error-summary')).toContainText('section 135 warrant was executed');
  await expect(officer.locator('.nhsuk-error-summary')).toContainText('authorised the use of a police station');
  await expectAccessible(officer, 'arrival form with errors');

  await officer.locator('#warrant_at').fill(londonLocal(new Date(Date.now() - 30 * 60_000)));
  await officer.locator('#amhp_name').fill('Jo Bloggs');
  // The age band lives under "About the person"; a police station needs an adult band.
  // The missing age band opened that section with its error; open it if not.
  const about = officer.locator('details', { has: officer.locator('#age_band') });
  if ((await about.getAttribute('open')) === null) await about.locator('summary').click();
  await officer.getByLabel('25 to 34', { exact: true }).check();
  await officer.locator('#inspector_name').fill('Insp Dana Price');
  await officer.locator('#inspector_collar').fill('2231');
  await officer.locator('#imminent_risk').check();
  await officer.locator('#no_other_place').check();
  await officer.locator('#health_consulted').check();
  await officer.getByRole('button', { name: 'Log arrival' }).click();

  await expect(officer).toHaveURL(/\/episodes\/S136-\d{4}-\d{6}$/);
  await expect(officer.locator('body')).toContainText('Section 135(1) warrant');
  await expect(officer.locator('body')).toContainText('Insp Dana Price (2231)');
  await expect(officer.locator('body')).toContainText('Next health check due by');
  await expectAccessible(officer, 'case page at a police station');

  // A link styled as an NHS button (role="button").
  await officer.getByRole('button', { name: 'Record a health check' }).click();
  await expectAccessible(officer, 'health check form');
  await officer.locator('#checked_by_name').fill('Nurse Kim Lowe');
  await officer.locator('#note').fill('Settled');
  await officer.getByRole('button', { name: 'Record health check' }).click();
  await expect(officer.locator('body')).toContainText('Last check');
  await expect(officer.locator('body')).toContainText('Nurse Kim Lowe');
  await expectAccessible(officer, 'case page after a health check');
  const ref = officer.url().match(/S136-\d{4}-\d{6}/)[0];

  // The health care professional at the station accepts the handover; the
  // person is still held there, so the board keeps them with the next check.
  const hcp = await signInAs(USERS.healthStation);
  await hcp.goto('/board');
  await expect(hcp.getByRole('heading', { name: `Held at ${STATION.name}` })).toBeVisible();
  await hcp.getByRole('button', { name: `Confirm handover for ${ref}` }).click();
  await hcp.locator('#accepted_by_role').fill('Custody nurse');
  await hcp.getByRole('button', { name: 'Confirm handover', exact: true }).click();
  await hcp.goto('/board');
  const row = hcp.locator('tr', { hasText: ref });
  await expect(row).toContainText('Handed over');
  await expect(row).toContainText('Next health check due by');
  await expect(hcp.getByRole('button', { name: `Record health check for ${ref}` })).toBeVisible();
  await expectAccessible(hcp, 'custody board after the handover');
});
