// Creating a basic group with contacts from the chat list.
import { expect, test } from './support/fixtures';
import { seed } from './support/accounts';
import { unique } from './support/calls';
import { saveScreen } from './support/screens';
import { chatList, signIn } from './support/signIn';

test('a new group with two contacts: created, the person is in it, and it is in the list', async ({
  page,
}, testInfo) => {
  await signIn(page, seed.bob);
  await page.getByRole('link', { name: 'New group' }).click();
  await expect(page.getByRole('heading', { name: 'New group', level: 1 })).toBeVisible();

  const title = `Book club ${unique()}`;
  await page.getByRole('textbox', { name: 'Group name' }).fill(title);
  const members = page.getByRole('group', { name: /Members/ });
  const boxes = members.getByRole('checkbox');
  await expect(boxes.first()).toBeVisible();
  // Mallory and Oscar: people no other spec looks at, so that Alice's list (in the screenshots) stays the seeded one.
  const search = members.getByRole('searchbox', { name: 'Search contacts' });
  await search.fill('mallory');
  await expect(boxes).toHaveCount(1);
  await members.getByRole('checkbox', { name: /Mallory Moss/ }).check();
  await search.fill('99966100');
  await members.getByRole('checkbox', { name: /Oscar Ortiz/ }).check();
  await search.fill('');
  await expect(members).toHaveAccessibleName('Members (2 selected)');
  await saveScreen(page, testInfo, 'new-group');

  await page.getByRole('button', { name: 'Create group' }).click();
  // Into the new group, as Telegram's apps do, with focus on its title for a screen reader.
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeFocused();
  await expect(page.getByRole('button', { name: 'Start video chat' })).toBeVisible();
  await page.getByRole('link', { name: 'Chats' }).click();
  await expect(chatList(page).getByRole('listitem', { name: `${title}, Group` })).toBeVisible();

  // It is on the server, not just in the page.
  await page.reload();
  await expect(chatList(page).getByRole('listitem', { name: `${title}, Group` })).toBeVisible();
});

test('a group needs a name and at least one member', async ({ page }) => {
  await signIn(page, seed.carol);
  await page.getByRole('link', { name: 'New group' }).click();
  await page.getByRole('textbox', { name: 'Group name' }).fill('Nobody here');
  await page.getByRole('button', { name: 'Create group' }).click();
  await expect(page.getByRole('alert')).toHaveText('Pick at least one contact for the group.');
  // Picking answers it: the error goes at once.
  await page
    .getByRole('group', { name: /Members/ })
    .getByRole('checkbox', { name: /Dave Diaz/ })
    .check();
  await page
    .getByRole('group', { name: /Members/ })
    .getByRole('checkbox', { name: /Erin Evans/ })
    .check();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a person added to a new group sees it appear without reloading', async ({ browser, baseURL }) => {
  const dave = await browser.newContext({ baseURL });
  const erin = await browser.newContext({ baseURL });
  try {
    const davePage = await dave.newPage();
    const erinPage = await erin.newPage();
    await signIn(davePage, seed.dave);
    await signIn(erinPage, seed.erin);

    const title = `Picnic ${unique()}`;
    await davePage.getByRole('link', { name: 'New group' }).click();
    await davePage.getByRole('textbox', { name: 'Group name' }).fill(title);
    await davePage.getByRole('checkbox', { name: /Erin Evans/ }).check();
    await davePage.getByRole('button', { name: 'Create group' }).click();
    await expect(davePage.getByRole('heading', { name: title, level: 1 })).toBeVisible();

    // Erin's list learns of it from the server's updates.
    await expect(chatList(erinPage).getByRole('listitem', { name: `${title}, Group` })).toBeVisible();
  } finally {
    await dave.close();
    await erin.close();
  }
});
