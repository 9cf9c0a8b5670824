// Provides the app's stores to the component tree; useX() outside the provider throws, naming what is missing.
import { createContext, onCleanup, untrack, useContext, type JSX } from 'solid-js';
import { canChooseAudioOutput } from '../../groupcall/remoteAudioOutput';
import type { Backend } from './backend';
import { createCallStore, type CallStore } from './callStore';
import { createChatsStore, type ChatsStore } from './chatsStore';
import { createDevicesStore, type DevicesStore } from './devicesStore';
import { createInvitationsStore, type InvitationsStore } from './invitationsStore';
import { createSessionStore, type SessionStore } from './sessionStore';
import { createSettingsStore, type KeyValueStorage, type Settings, type SettingsStore } from './settingsStore';

const SettingsContext = createContext<SettingsStore>();
const SessionContext = createContext<SessionStore>();
const ChatsContext = createContext<ChatsStore>();
const CallContext = createContext<CallStore>();
const InvitationsContext = createContext<InvitationsStore>();
const DevicesContext = createContext<DevicesStore>();

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`${name}() was called outside <StoresProvider>`);
  return value;
}

export const useSettings = (): SettingsStore => required(useContext(SettingsContext), 'useSettings');
export const useSession = (): SessionStore => required(useContext(SessionContext), 'useSession');
export const useChats = (): ChatsStore => required(useContext(ChatsContext), 'useChats');
export const useCall = (): CallStore => required(useContext(CallContext), 'useCall');
export const useInvitations = (): InvitationsStore => required(useContext(InvitationsContext), 'useInvitations');
export const useDevices = (): DevicesStore => required(useContext(DevicesContext), 'useDevices');

export interface StoresProviderProps {
  storage: KeyValueStorage;
  defaults: Settings;
  connect: (settings: Settings) => Backend;
  children: JSX.Element;
}

export function StoresProvider(props: StoresProviderProps): JSX.Element {
  // The stores are made once, for the app's lifetime, from what the provider was given.
  const { storage, defaults, connect } = untrack(() => ({
    storage: props.storage,
    defaults: props.defaults,
    connect: props.connect,
  }));
  const settings = createSettingsStore(storage, defaults);
  const session = createSessionStore({ settings, connect });
  const chats = createChatsStore(session);
  const devices = createDevicesStore(
    storage,
    typeof navigator !== 'undefined' && navigator.mediaDevices !== undefined ? navigator.mediaDevices : null,
    canChooseAudioOutput(),
  );
  onCleanup(() => devices.dispose());
  const call = createCallStore(session, devices);
  const invitations = createInvitationsStore(session, call);
  void session.start();
  return (
    <SettingsContext.Provider value={settings}>
      <SessionContext.Provider value={session}>
        <ChatsContext.Provider value={chats}>
          <CallContext.Provider value={call}>
            <InvitationsContext.Provider value={invitations}>
              <DevicesContext.Provider value={devices}>{props.children}</DevicesContext.Provider>
            </InvitationsContext.Provider>
          </CallContext.Provider>
        </ChatsContext.Provider>
      </SessionContext.Provider>
    </SettingsContext.Provider>
  );
}
