// Signing in through the UI as a person would, located by role and accessible name.
import { expect, type Page } from '@playwright/test';
import type { TestAccount } from './accounts';

export async function enterPhone(page: Page, phone: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Phone number' }).fill(phone);
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByRole('textbox', { name: 'Code' })).toBeVisible();
}

export async function enterCode(page: Page, code: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Code' }).fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** From a fresh page to the chat list; `url` is the app to open (default: the shared one, baseURL). */
export async function signIn(page: Page, account: TestAccount, url = '/'): Promise<void> {
  await page.goto(url);
  await enterPhone(page, account.phone);
  await enterCode(page, account.code);
  if (account.password) {
    await page.getByLabel('Password', { exact: true }).fill(account.password);
    await page.getByRole('button', { name: 'Continue' }).click();
  }
  await expect(page.getByRole('heading', { name: 'Chats', level: 1 })).toBeVisible();
}

export function chatList(page: Page) {
  return page.getByRole('list', { name: 'Groups and channels' });
}
