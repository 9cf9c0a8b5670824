// The one place the app meets src/telegram: builds a client for the chosen endpoint and answers the stores' questions
// with TelegramApi calls, turning TL objects into the app's shapes (fromTl.ts). Its parts live in ./telegram/, one
// per seam (auth, chats, calls, links, invites, profiles), over one cache of what the server sent (./telegram/peers.ts).
import type { TelegramApi } from '../../telegram/api';
import type { MethodResult } from '../../telegram/tl/api.generated';
import { createTelegramClient, sameOriginLocalEndpoint, webStorage, type Endpoint } from '../../telegram';
import type { Backend } from './backend';
import { apiCredentialsFor, type Settings } from './settingsStore';
import { authPart } from './telegram/auth';
import { callsPart } from './telegram/calls';
import { chatsPart } from './telegram/chats';
import { invitesPart } from './telegram/invites';
import { linksPart } from './telegram/links';
import { profilesPart } from './telegram/profiles';
import { createPeerCache, type BackendContext, type PeerCache } from './telegram/peers';

function endpointFor(settings: Settings): Endpoint {
  if (settings.endpoint === 'local') return sameOriginLocalEndpoint(window.location);
  return { kind: settings.endpoint };
}

export function createTelegramBackend(settings: Settings): Backend {
  const credentials = apiCredentialsFor(settings);
  const client = createTelegramClient({
    endpoint: endpointFor(settings),
    apiId: credentials.apiId,
    apiHash: credentials.apiHash,
    storage: webStorage(window.localStorage),
    // Reconnects, dropped replies and update gaps are not errors of any one call; the console is where to look for them.
    onDiagnostic: (message, detail) => console.debug(`[telegram] ${message}`, detail ?? ''),
  });
  const onOnline = () => client.reconnectNow('the browser is back online');
  window.addEventListener('online', onOnline);

  // Set just below: the API wrapper names the people of each participants page into the cache, which reads its updates.
  let peers: PeerCache | null = null;
  // Every call below is one a person started and waits for, so each may cut a reconnect delay short.
  const api: TelegramApi = {
    call: (method, params, options) => {
      client.reconnectNow(`${method} is waiting`); // only acts while the client sits out a backoff delay
      const result = client.call(method, params, options);
      // The engine reads a call's participants page by page: the people on those pages get their names (and access
      // hashes, for muting or inviting them) here, with no second round of requests for the panel.
      if (method === 'phone.getGroupParticipants') {
        void result.then(
          (page) => {
            const { users, chats } = page as MethodResult<'phone.getGroupParticipants'>;
            peers?.remember(chats, users);
          },
          () => undefined,
        );
      }
      return result;
    },
    updates: client.updates,
    connection: client.connection,
  };
  peers = createPeerCache(api);
  const context: BackendContext = { api, client, peers };

  return {
    endpointKind: settings.endpoint,
    connection: api.connection,
    floodWaits: client.floodWaits,
    reconnectNow() {
      client.reconnectNow('asked to retry now');
    },
    serverNow: () => client.serverNow(),
    ...authPart(context, settings),
    ...chatsPart(context),
    ...callsPart(context),
    ...linksPart(context),
    ...invitesPart(context),
    ...profilesPart(context),
    dispose() {
      window.removeEventListener('online', onOnline);
      client.close();
    },
  };
}
