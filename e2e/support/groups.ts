// A fresh group made through the app's New group screen, as a person makes one: the specs that need a group of their
// own (calls, reconnects) use it so that they do not collide with the seeded chats.
import { expect, type Page } from '@playwright/test';
import { chatList } from './signIn';

/** New group through the UI's New group screen, with the given contacts (found by the search box). */
export async function createGroup(page: Page, title: string, memberNames: string[]): Promise<void> {
  await page.getByRole('link', { name: 'New group' }).click();
  await page.getByRole('textbox', { name: 'Group name' }).fill(title);
  const members = page.getByRole('group', { name: /Members/ });
  const search = members.getByRole('searchbox', { name: 'Search contacts' });
  for (const name of memberNames) {
    await search.fill(name.split(' ')[0].toLowerCase());
    await members.getByRole('checkbox', { name: new RegExp(name) }).check();
  }
  await page.getByRole('button', { name: 'Create group' }).click();
  // Creating opens the new group (as Telegram's apps do); the specs go on from the chat list.
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await page.getByRole('link', { name: 'Chats' }).click();
  await expect(chatList(page).getByRole('listitem', { name: new RegExp(`^${title}, Group`) })).toBeVisible();
}
