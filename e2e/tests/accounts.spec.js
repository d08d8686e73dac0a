// Accounts follow people: an admin adds an account with a generated password,
// its owner must choose their own at first sign-in, the admin disables it, and
// a place of safety is changed and retired. Every page checked with axe.
const { test, expect, expectAccessible } = require('../fixtures');
const { USERS } = require('../users');

test('h. accounts: generated password changed at first sign-in, account disabled, site retired', async ({ signInAs }) => {
  const admin = await signInAs(USERS.admin);
  await admin.goto('/admin');
  await admin.locator('#user-username').fill('e2e.newstarter');
  await admin.locator('#user-role').selectOption('health');
  await admin.locator('#user-site').selectOption('OAK');
  await admin.getByRole('button', { name: 'Add account' }).click();
  const notice = admin.locator('[role=status]');
  await expect(notice).toContainText('they must change it when they first sign in');
  const generated = (await notice.innerText()).match(/Its password is (\S+)/)[1];
  await expectAccessible(admin, 'set-up with a new account');

  // The new starter can do nothing before choosing a password.
  const starter = await signInAs({ username: 'e2e.newstarter', password: generated });
  await expect(starter).toHaveURL(/\/account\/password$/);
  await expect(starter.locator('.nhsuk-warning-callout')).toContainText('Choose your own password');
  await starter.goto('/board');
  await expect(starter).toHaveURL(/\/account\/password$/);
  await starter.locator('#current_password').fill(generated);
  await starter.locator('#new_password').fill('qwertyuiop123');
  await starter.locator('#confirm_password').fill('qwertyuiop12');
  await starter.getByRole('button', { name: 'Change password' }).click();
  const summary = starter.locator('.nhsuk-error-summary');
  await expect(summary).toContainText('The passwords do not match');
  await expectAccessible(starter, 'change password with an error');
  await starter.locator('#current_password').fill(generated);
  await starter.locator('#new_password').fill('kettle orbit lantern');
  await starter.locator('#confirm_password').fill('kettle orbit lantern');
  await starter.getByRole('button', { name: 'Change password' }).click();
  await expect(starter.locator('[role=status]')).toContainText('Your password has been changed');
  await starter.goto('/board');
  await expect(starter).toHaveURL(/\/board$/);

  // The admin disables the account: the open session ends at once.
  await admin.goto('/admin');
  await admin.getByRole('button', { name: 'Disable e2e.newstarter' }).click();
  await expect(admin.locator('[role=status]')).toContainText('Account e2e.newstarter disabled');
  await expectAccessible(admin, 'set-up after disabling an account');
  await starter.goto('/board');
  await expect(starter).toHaveURL(/\/login$/);

  // A place of safety: added, changed with a refusal first, then retired.
  await admin.locator('#site-code').fill('E2EOLD');
  await admin.locator('#site-name').fill('Old 136 suite');
  await admin.locator('#site-kind').selectOption('mental_health_unit');
  await admin.locator('#site-trust').fill('Example Mental Health NHS Foundation Trust');
  await admin.getByRole('button', { name: 'Add place of safety' }).click();
  await admin.getByRole('link', { name: 'Change Old 136 suite' }).click();
  await expect(admin).toHaveURL(/\/admin\/sites\/E2EOLD$/);
  await expectAccessible(admin, 'change a place of safety');
  await admin.locator('#name').fill('');
  await admin.getByRole('button', { name: 'Save changes' }).click();
  await expect(admin.locator('.nhsuk-error-summary')).toContainText('Enter the name');
  await expectAccessible(admin, 'change a place of safety with an error');
  await admin.locator('#name').fill('Old Oak 136 suite');
  await admin.getByRole('button', { name: 'Save changes' }).click();
  await expect(admin.locator('[role=status]')).toContainText('Changes saved');
  await admin.getByRole('button', { name: 'Retire Old Oak 136 suite' }).click();
  await expect(admin.locator('[role=status]')).toContainText('Retired');
  await expect(admin.getByRole('button', { name: 'Reopen Old Oak 136 suite' })).toBeVisible();
  await expectAccessible(admin, 'retired place of safety');

  const officer = await signInAs(USERS.officer);
  await officer.goto('/episodes/new');
  await expect(officer.locator('select#site option', { hasText: 'Old Oak 136 suite' })).toHaveCount(0);
});
