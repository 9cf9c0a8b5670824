// Every way Telegram sends a login code, each on the local server's dedicated test number (README "Test numbers"):
// the screen's words, what the person types, "send the code another way" with its countdown (page.clock), going back
// (auth.cancelCode), setting up a login email, and the terms of service at sign-up.
import { expect, test } from './support/fixtures';
import type { Page } from '@playwright/test';
import { axeViolations } from './support/axe';
import { saveScreen } from './support/screens';

/** The screen has no axe violation (WCAG 2.1 A/AA and best practices), as accessibility.spec.ts checks the others. */
async function expectAccessible(page: Page, screen: string): Promise<void> {
  const violations = await axeViolations(page);
  expect.soft(violations, `${screen}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

const CODE = '11111'; // every dedicated number is 99966 1 YYYY: code 1 × 5

async function startWith(page: Page, phone: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Phone number' }).fill(phone);
  await page.getByRole('button', { name: 'Send code' }).click();
}

/** A right code lands on sign-up for a new number, or in the chats when an earlier run made the account. */
async function expectCodeAccepted(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: /^(Create your account|Chats)$/ })).toBeVisible();
}

test('app code, then SMS, then a call: each asked for once its countdown has run out', async ({ page }, testInfo) => {
  await page.clock.install();
  await startWith(page, '9996610101');
  await expect(
    page.getByText(
      'We sent the code to the Telegram app where +9996610101 is signed in: look for a message from Telegram.',
    ),
  ).toBeVisible();
  const sms = page.getByRole('button', { name: /^Send the code by SMS/ });
  await expect(sms).toHaveText('Send the code by SMS (in 0:30)');
  await expect(sms).toBeDisabled();
  await page.clock.runFor(10_000);
  await expect(sms).toHaveText('Send the code by SMS (in 0:20)');
  await saveScreen(page, testInfo, 'sign-in-code-app');
  await expectAccessible(page, 'code step with a countdown');
  await page.clock.runFor(20_000);
  await expect(sms).toHaveText('Send the code by SMS');
  await sms.click();

  await expect(page.getByText('We sent the code by SMS to +9996610101.')).toBeVisible();
  const call = page.getByRole('button', { name: /^Call me with the code/ });
  await expect(call).toHaveText('Call me with the code (in 1:00)');
  await expect(call).toBeDisabled();
  await page.clock.runFor(60_000);
  await call.click();

  await expect(page.getByText('We are calling +9996610101: a voice will read out the code.')).toBeVisible();
  await expect(page.getByRole('button', { name: /^(Send the code|Call me)/ })).toHaveCount(0);
  await page.getByRole('textbox', { name: 'Code' }).fill(CODE);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expectCodeAccepted(page);
});

test('a flash call is answered with the calling number, a missed call with its last digits', async ({
  page,
}, testInfo) => {
  await startWith(page, '9996610104');
  await expect(
    page.getByText(
      /^We called \+9996610104 and hung up at once\. Enter the number that called you: it looks like \+99966\*\*\*\*\*/,
    ),
  ).toBeVisible();
  await page.getByRole('textbox', { name: 'Number that called' }).fill(CODE);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText(/code is not right/);
  await page.getByRole('textbox', { name: 'Number that called' }).fill(`99966${CODE}`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expectCodeAccepted(page);

  await startWith(page, '9996610105');
  await expect(
    page.getByText(
      'You will get a missed call on +9996610105 from a number starting with +99966. Enter the last 5 digits of that number.',
    ),
  ).toBeVisible();
  await saveScreen(page, testInfo, 'sign-in-code-missed-call');
  await page.getByRole('textbox', { name: 'Last 5 digits' }).fill(CODE);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expectCodeAccepted(page);
});

test('Fragment and Firebase numbers say where the code is, or ask for it another way', async ({ page }, testInfo) => {
  await startWith(page, '9996610106');
  await expect(
    page.getByText("+9996610106 is an anonymous number from Fragment: the code is on the number's page there."),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open the code on Fragment' })).toHaveAttribute(
    'href',
    'https://fragment.com/number/9996610106/code',
  );
  await saveScreen(page, testInfo, 'sign-in-code-fragment');
  await expectAccessible(page, 'Fragment code step');
  // Going back keeps the number typed (and cancels the code: auth.cancelCode, covered in emulator/api/auth.test.ts).
  await page.getByRole('button', { name: 'Change number' }).click();
  await expect(page.getByRole('textbox', { name: 'Phone number' })).toHaveValue('9996610106');

  await startWith(page, '9996610107');
  await expect(page.getByText(/Google Firebase/)).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Code' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Send the code by SMS' }).click();
  await expect(page.getByText('We sent the code by SMS to +9996610107.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Code' }).fill(CODE);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expectCodeAccepted(page);
});

test('a code by email, and a login email set up first when Telegram asks for one', async ({ page }, testInfo) => {
  await startWith(page, '9996610109');
  await expect(page.getByText(/^We sent the code to your email t\*+@example\.org\.$/)).toBeVisible();
  await page.getByRole('textbox', { name: 'Code from the email' }).fill('22222');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText(/code from the email is not right/);
  await page.getByRole('textbox', { name: 'Code from the email' }).fill(CODE);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expectCodeAccepted(page);

  await startWith(page, '9996610108');
  await expect(page.getByRole('heading', { level: 1, name: 'Add a login email' })).toBeVisible();
  await saveScreen(page, testInfo, 'sign-in-email-setup');
  await expectAccessible(page, 'login email setup');
  await page.getByRole('textbox', { name: 'Email' }).fill('ann@example.com');
  await page.getByRole('button', { name: 'Send code to this email' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check your email' })).toBeVisible();
  await expect(page.getByText('We sent a code to a***@example.com to check the address.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Code from the email' }).fill(CODE);
  await page.getByRole('button', { name: 'Confirm email' }).click();
  await expect(page.getByText('We sent the code to your email a***@example.com.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Code from the email' }).fill(CODE);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expectCodeAccepted(page);
});

test('signing up on a terms number shows the terms and needs them accepted', async ({ page }, testInfo) => {
  // …0110–…0199 sign up with terms; a fresh one per run (the server's data directory is new for each run).
  const phone = `99966101${String(10 + (Date.now() % 90)).padStart(2, '0')}`;
  await startWith(page, phone);
  await page.getByRole('textbox', { name: 'Code' }).fill(CODE);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Create your account' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Terms of Service' })).toContainText('stand-in Terms of Service');
  await page.getByRole('textbox', { name: 'First name' }).fill('Tess');
  await saveScreen(page, testInfo, 'sign-up-terms');
  await expectAccessible(page, 'sign-up with terms');
  await page.getByRole('button', { name: 'Create account' }).click();
  // The browser's own check: the box is required.
  await expect(page.getByRole('heading', { level: 1, name: 'Create your account' })).toBeVisible();
  expect(
    await page
      .getByRole('checkbox', { name: 'I accept the Terms of Service' })
      .evaluate((box: HTMLInputElement) => box.validity.valueMissing),
  ).toBe(true);
  await page.getByRole('checkbox', { name: 'I accept the Terms of Service' }).check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Chats' })).toBeVisible();
});
