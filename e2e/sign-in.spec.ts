// Signing in, the errors a person can meet on the way, two-step verification, staying signed in, signing out.
import { expect, test } from './support/fixtures';
import { freshPhone, seed } from './support/accounts';
import { saveScreen } from './support/screens';
import { chatList, enterCode, enterPhone, signIn } from './support/signIn';

test('a seeded account signs in and sees its groups and channel', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'How to sign in on the local server' })).toContainText(
    '99966XYYYY',
  );
  await saveScreen(page, testInfo, 'sign-in-phone');

  await enterPhone(page, seed.main.phone);
  await saveScreen(page, testInfo, 'sign-in-code');
  await enterCode(page, seed.main.code);

  await expect(page.getByRole('heading', { name: 'Chats', level: 1 })).toBeVisible();
  const list = chatList(page);
  await expect(list.getByRole('listitem', { name: new RegExp(`^${seed.basicGroup}, Group`) })).toBeVisible();
  await expect(list.getByRole('listitem', { name: new RegExp(`^${seed.megagroup}, Group`) })).toBeVisible();
  await expect(list.getByRole('listitem', { name: new RegExp(`^${seed.channel}, Channel`) })).toBeVisible();
  await saveScreen(page, testInfo, 'chat-list');
});

test('an invalid phone number is explained and can be corrected', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Phone number' }).fill('12345');
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByRole('alert')).toHaveText(/phone number is not valid/);
  await expect(page.getByRole('textbox', { name: 'Phone number' })).toHaveValue('12345');
  await enterPhone(page, freshPhone(1));
});

test('a wrong code shows the error and the person can retry', async ({ page }, testInfo) => {
  await page.goto('/');
  await enterPhone(page, seed.main.phone);
  await enterCode(page, '00000');
  await expect(page.getByRole('alert')).toHaveText(/code is not right/);
  await expect(page.getByRole('textbox', { name: 'Code' })).toHaveValue('00000');
  await saveScreen(page, testInfo, 'sign-in-wrong-code');

  await enterCode(page, seed.main.code);
  await expect(page.getByRole('heading', { name: 'Chats', level: 1 })).toBeVisible();
});

test('the two-step account asks for its password, rejects a wrong one and accepts the right one', async ({
  page,
}, testInfo) => {
  await page.goto('/');
  await enterPhone(page, seed.twoFactor.phone);
  await enterCode(page, seed.twoFactor.code);
  await expect(page.getByRole('heading', { name: 'Two-step verification', level: 1 })).toBeVisible();
  await expect(page.getByText('Hint: app name, dash, 2fa')).toBeVisible();

  const password = page.getByLabel('Password', { exact: true });
  await password.fill('not the password');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toHaveText(/password is not right/);
  await saveScreen(page, testInfo, 'sign-in-password-wrong');

  await password.fill(seed.twoFactor.password!);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Chats', level: 1 })).toBeVisible();
});

test('a new number signs up with a name', async ({ page }, testInfo) => {
  await page.goto('/');
  const phone = freshPhone(2);
  await enterPhone(page, phone);
  await enterCode(page, phone[5].repeat(5));
  await expect(page.getByRole('heading', { name: 'Create your account', level: 1 })).toBeVisible();
  await saveScreen(page, testInfo, 'sign-up');
  await page.getByRole('textbox', { name: 'First name' }).fill('Dana');
  await page.getByRole('textbox', { name: 'Last name (optional)' }).fill('Doe');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Chats', level: 1 })).toBeVisible();
});

test('reloading keeps the session; signing out returns to sign-in and stays there', async ({ page }, testInfo) => {
  await signIn(page, seed.main);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Chats', level: 1 })).toBeVisible();
  await expect(chatList(page).getByRole('listitem', { name: new RegExp(`^${seed.megagroup}, Group`) })).toBeVisible();

  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Local server' })).toBeChecked();
  await saveScreen(page, testInfo, 'settings');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
});

test('asking for codes too often says how long to wait', async ({ page }) => {
  await page.goto('/');
  const phone = freshPhone(1);
  // The local server allows five codes per number per minute, as Telegram allows a few.
  for (let i = 0; i < 5; i++) {
    await enterPhone(page, phone);
    await page.getByRole('button', { name: 'Change number' }).click();
  }
  await page.getByRole('textbox', { name: 'Phone number' }).fill(phone);
  await page.getByRole('button', { name: 'Send code' }).click();
  // The wait is what is left of the server's one-minute window: under a minute in seconds, or exactly "1 minute" when all
  // six requests fell within the same second.
  await expect(page.getByRole('alert')).toHaveText(
    /^Too many attempts\. Wait (\d+ seconds?|1 minute), then try again\.$/,
  );
  await expect(page.getByRole('textbox', { name: 'Phone number' })).toHaveValue(phone);
});

test('settings are kept across a reload', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await page.getByRole('textbox', { name: 'api_id' }).fill('abc');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toHaveText(/api_id is a positive whole number/);

  await page.getByRole('textbox', { name: 'api_id' }).fill('424242');
  await page.getByRole('textbox', { name: 'api_hash' }).fill('0123456789abcdef');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('textbox', { name: 'api_id' })).toHaveValue('424242');
  await expect(page.getByRole('textbox', { name: 'api_hash' })).toHaveValue('0123456789abcdef');
  await expect(page.getByRole('radio', { name: 'Local server' })).toBeChecked();
  // The new backend still reaches the server: signing in works with the saved values.
  await page.getByRole('link', { name: 'Back' }).click();
  await enterPhone(page, freshPhone(3));
});

test('Telegram without an api_id / api_hash says what to get from my.telegram.org, saves nothing and sends no code', async ({
  page,
}, testInfo) => {
  // Nothing may leave the machine: any socket to Telegram's hosts is answered here, by nobody.
  await page.routeWebSocket(/telegram\.org/, () => undefined);
  await page.goto('/settings');
  await page.getByRole('radio', { name: 'Telegram', exact: true }).check();
  await expect(
    page.getByText(
      /^Your own, from my\.telegram\.org: .*open “API development tools”, create an application .*“App api_hash”/,
    ),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toHaveText('Telegram needs your own api_id and api_hash from my.telegram.org.');
  await expect(page.getByRole('textbox', { name: 'api_hash' })).toHaveAttribute('aria-invalid', 'true');
  await saveScreen(page, testInfo, 'settings-telegram-needs-api-id');
  await page.getByRole('textbox', { name: 'api_id' }).fill('424242');
  await page.getByRole('textbox', { name: 'api_hash' }).fill('not-a-hash');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'That api_hash is not 32 letters and digits: copy “App api_hash” whole.',
  );
  await page.reload();
  await expect(page.getByRole('radio', { name: 'Local server' })).toBeChecked();

  // Settings that lack them (an older saved copy, or a build without VITE_TG_API_ID) get the same words at sign-in.
  await page.evaluate(() =>
    localStorage.setItem('tgcall:settings', JSON.stringify({ endpoint: 'production', apiId: null, apiHash: '' })),
  );
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { name: 'Telegram needs an api_id and api_hash first' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Phone number' })).toHaveCount(0);
  await saveScreen(page, testInfo, 'sign-in-telegram-needs-api-id');
  await page.getByRole('link', { name: 'Open Settings' }).click();
  await expect(page.getByRole('radio', { name: 'Telegram', exact: true })).toBeChecked();
  await page.getByRole('radio', { name: 'Local server' }).check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
});

test('signing in works from the keyboard alone', async ({ page }) => {
  await page.goto('/');
  // Each step puts the cursor in its field, and Enter submits.
  await expect(page.getByRole('textbox', { name: 'Phone number' })).toBeFocused();
  await page.keyboard.type(seed.frank.phone);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Code' })).toBeFocused();
  await page.keyboard.type(seed.frank.code);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Chats', level: 1 })).toBeVisible();
  await expect(page).toHaveTitle('Chats · tgcall');
});

test('an expired code offers a new one, and the new one signs in', async ({ page, control }) => {
  await page.goto('/');
  await enterPhone(page, seed.grace.phone);
  await control.fault({ method: 'auth.signIn', type: 'PHONE_CODE_EXPIRED' });
  await enterCode(page, seed.grace.code);
  await expect(page.getByRole('alert')).toHaveText(/code has expired/);

  await page.getByRole('button', { name: 'Send a new code' }).click();
  await expect(page.getByRole('textbox', { name: 'Code' })).toHaveValue('');
  await enterCode(page, seed.grace.code);
  await expect(page.getByRole('heading', { name: 'Chats', level: 1 })).toBeVisible();
});

test('a long flood wait on the password says how long, in minutes', async ({ page, control }) => {
  await page.goto('/');
  await enterPhone(page, seed.twoFactor.phone);
  await enterCode(page, seed.twoFactor.code);
  await control.fault({ method: 'auth.checkPassword', type: 'FLOOD_WAIT_300' });
  await page.getByLabel('Password', { exact: true }).fill(seed.twoFactor.password!);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toHaveText('Too many attempts. Wait 5 minutes, then try again.');
  // The password is still there for the retry.
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue(seed.twoFactor.password!);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Chats', level: 1 })).toBeVisible();
});
