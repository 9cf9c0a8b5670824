// The chat list marks chats with a call going on, and follows calls starting and ending without a reload.
import { expect, test } from './support/fixtures';
import { ControlClient } from './support/control';
import { seed } from './support/accounts';
import { saveScreen } from './support/screens';
import { chatList, signIn } from './support/signIn';

test('a chat with a call going on is marked, and the mark goes when the call ends', async ({
  page,
  startIsolatedStack,
}, testInfo) => {
  // Its own server: ending the demo call must not change the world other tests see.
  const stack = await startIsolatedStack();
  const control = new ControlClient(stack.server.controlUrl);
  await signIn(page, seed.ivan, stack.app.url);

  const demo = chatList(page).getByRole('listitem', { name: new RegExp(`^${seed.megagroup}, Group`) });
  await expect(demo).toHaveAccessibleName(`${seed.megagroup}, Group, call in progress`);
  await expect(demo.getByText('Call in progress', { exact: true })).toBeVisible();
  await saveScreen(page, testInfo, 'chat-list-call');

  const call = (await control.calls()).find((c) => c.chat.type === 'channel' && c.scheduleDate === null);
  expect(call, 'the seeded demo call').toBeDefined();
  await control.discardCall(call!.id);
  await expect(demo).toHaveAccessibleName(`${seed.megagroup}, Group`);
  await expect(demo.getByText('Call in progress', { exact: true })).toHaveCount(0);
});

test('"Open a link": junk is refused beside the field, which keeps the text; a plain t.me/<group> link opens the chat', async ({
  page,
}, testInfo) => {
  await signIn(page, seed.heidi);
  const field = page.getByRole('textbox', { name: 'Open a link' });
  await field.fill('not a link at all');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText(/This is not a link/);
  // Still on the chat list, the text still there to correct, the error tied to the field.
  await expect(page.getByRole('heading', { name: 'Chats', level: 1 })).toBeVisible();
  await expect(field).toHaveValue('not a link at all');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(/This is not a link/);
  await saveScreen(page, testInfo, 'chat-list-open-link-error');

  await field.fill('https://t.me/nobody_has_this_name');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText(/No group or channel is called @nobody_has_this_name/);

  // Typing again clears the error; a plain group link opens that group's page.
  await field.fill('https://t.me/tgcall_demo');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('heading', { name: seed.megagroup, level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Join' })).toBeVisible();
});
