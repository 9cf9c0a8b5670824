// The chat list marks chats with a call going on, and follows calls starting and ending without a reload.
import { expect, test } from './support/fixtures';
import { ControlClient } from './support/control';
import { seed } from './support/accounts';
import { saveScreen } from './support/screens';
import { chatList, signIn } from './support/signIn';

test('a chat with a call going on is marked, and the mark goes when the call ends', async ({ page, startIsolatedStack }, testInfo) => {
  // Its own server: ending the demo call must not change the world other tests see.
  const stack = await startIsolatedStack();
  const control = new ControlClient(stack.server.controlUrl);
  await signIn(page, seed.ivan, stack.app.url);

  const demo = chatList(page).getByRole('listitem', { name: new RegExp(`^${seed.megagroup}, Group`) });
  await expect(demo).toHaveAccessibleName(`${seed.megagroup}, Group, call in progress`);
  await expect(demo.getByText('Call in progress')).toBeVisible();
  await saveScreen(page, testInfo, 'chat-list-call');

  const call = (await control.calls()).find((c) => c.chat.type === 'channel' && c.scheduleDate === null);
  expect(call, 'the seeded demo call').toBeDefined();
  await control.discardCall(call!.id);
  await expect(demo).toHaveAccessibleName(`${seed.megagroup}, Group`);
  await expect(demo.getByText('Call in progress')).toHaveCount(0);
});
