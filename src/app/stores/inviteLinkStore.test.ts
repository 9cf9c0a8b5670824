// Invite links: exported by kind, copied (or shown when the clipboard refuses), revoked; errors said, not swallowed.
import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { CallError } from '../../groupcall';
import { RpcError } from '../../telegram';
import { createFakeBackend } from '../testing/fakeBackend';
import { createInviteLinkStore } from './inviteLinkStore';

const ref = { id: '7', accessHash: '1' };
const source = { ref, chatKey: 'channel:1' };

describe('invite link store', () => {
  it('copies a listener and a speaker link; revoking clears the shown link', async () => {
    const copied: string[] = [];
    const backend = createFakeBackend();
    const store = createRoot(() => createInviteLinkStore(() => backend, { copy: async (t) => void copied.push(t) }));
    expect(store.canShare).toBe(false);
    await store.copy(source, 'listener');
    await store.copy(source, 'speaker');
    expect(copied).toEqual(['https://t.me/fake?videochat=listener7', 'https://t.me/fake?videochat=speaker7']);
    expect(store.state).toMatchObject({
      kind: 'speaker',
      link: 'https://t.me/fake?videochat=speaker7',
      status: 'Speaker link copied',
    });
    await store.revokeSpeakerLinks(ref);
    expect(store.state).toMatchObject({ link: null, status: expect.stringContaining('revoked') as unknown });
  });

  it('shows the link when the clipboard refuses, and the error when Telegram does', async () => {
    const backend = createFakeBackend();
    const store = createRoot(() =>
      createInviteLinkStore(() => backend, { copy: async () => Promise.reject(new Error('denied')) }),
    );
    await store.copy(source, 'listener');
    expect(store.state).toMatchObject({
      link: 'https://t.me/fake?videochat=listener7',
      status: expect.stringContaining('Could not copy') as unknown,
    });
    backend.exportCallInvite = async () => {
      throw CallError.requestFailed('phone.exportGroupCallInvite', new RpcError(400, 'CHAT_ADMIN_REQUIRED'));
    };
    await store.copy(source, 'speaker');
    expect(store.state.error).toBe('Only an admin of this chat can do that.');
  });

  it("a private chat's link is its invite link, copied and shared like the others", async () => {
    const copied: string[] = [];
    const shared: Array<{ title: string; url: string }> = [];
    const backend = createFakeBackend();
    const store = createRoot(() =>
      createInviteLinkStore(() => backend, {
        copy: async (t) => void copied.push(t),
        share: async (d) => void shared.push(d),
      }),
    );
    await store.copy({ ref, chatKey: 'chat:2' }, 'chat');
    expect(copied).toEqual(['https://t.me/+invite-2']);
    expect(store.state).toMatchObject({
      kind: 'chat',
      link: 'https://t.me/+invite-2',
      status: 'Group invite link copied',
    });
    await store.share({ ref, chatKey: 'chat:2' }, 'chat', 'Weekend hikers');
    expect(shared).toEqual([{ title: 'Weekend hikers', url: 'https://t.me/+invite-2' }]);
    backend.exportChatInviteLink = async () => {
      throw CallError.requestFailed('messages.exportChatInvite', new RpcError(400, 'CHAT_ADMIN_REQUIRED'));
    };
    await store.copy({ ref, chatKey: 'chat:2' }, 'chat');
    expect(store.state.error).toBe('Only an admin of this chat can do that.');
  });

  it('shares where the Web Share API exists', async () => {
    const shared: Array<{ title: string; url: string }> = [];
    const backend = createFakeBackend();
    const store = createRoot(() =>
      createInviteLinkStore(() => backend, { copy: async () => undefined, share: async (d) => void shared.push(d) }),
    );
    expect(store.canShare).toBe(true);
    await store.share(source, 'listener', 'Morning chat');
    expect(shared).toEqual([{ title: 'Morning chat', url: 'https://t.me/fake?videochat=listener7' }]);
  });
});
