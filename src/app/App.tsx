// The app's screens and which of them a person may see: the chat list and new-group need a signed-in session, the
// sign-in screen needs a signed-out one, settings are always reachable.
import { Navigate, Route, Router, type RouteSectionProps } from '@solidjs/router';
import { lazy, Match, Switch, type Component, type JSX } from 'solid-js';
import { ConnectionBanner } from './components/ConnectionBanner';
import { FloodWaitBanner } from './components/FloodWaitBanner';
import { ActiveCallBar } from './components/call/ActiveCallBar';
import { ChatListScreen } from './screens/ChatListScreen';
import { SignInScreen } from './screens/SignInScreen';
import { StartingScreen } from './screens/StartingScreen';
import type { Backend } from './stores/backend';
import { StoresProvider, useSession } from './stores/context';
import { pendingLink } from './stores/pendingLink';
import type { KeyValueStorage, Settings } from './stores/settingsStore';
import './global.css';

// Loaded when first shown, so that signing in and the chat list load only what they need.
const ChatScreen = lazy(() => import('./screens/ChatScreen').then((m) => ({ default: m.ChatScreen })));
const JoinLinkScreen = lazy(() => import('./screens/JoinLinkScreen').then((m) => ({ default: m.JoinLinkScreen })));
const NewGroupScreen = lazy(() => import('./screens/NewGroupScreen').then((m) => ({ default: m.NewGroupScreen })));
const SettingsScreen = lazy(() => import('./screens/SettingsScreen').then((m) => ({ default: m.SettingsScreen })));

function Layout(props: RouteSectionProps): JSX.Element {
  const session = useSession();
  return (
    <>
      <ConnectionBanner state={session.state.connection} onRetryNow={() => session.reconnectNow()} />
      <FloodWaitBanner waits={session.state.floodWaits} />
      <ActiveCallBar />
      {props.children}
    </>
  );
}

function SignedIn(props: { children: JSX.Element }): JSX.Element {
  const session = useSession();
  return (
    <Switch>
      <Match when={session.state.phase === 'starting'}>
        <StartingScreen />
      </Match>
      <Match when={session.state.phase === 'signedOut'}>
        <Navigate href="/sign-in" />
      </Match>
      <Match when={session.state.phase === 'signedIn'}>{props.children}</Match>
    </Switch>
  );
}

function SignedOut(props: { children: JSX.Element }): JSX.Element {
  const session = useSession();
  return (
    <Switch>
      <Match when={session.state.phase === 'starting'}>
        <StartingScreen />
      </Match>
      <Match when={session.state.phase === 'signedIn'}>
        {/* Back to the call link the person opened before signing in, if any. */}
        <Navigate href={pendingLink() ?? '/'} />
      </Match>
      <Match when={session.state.phase === 'signedOut'}>{props.children}</Match>
    </Switch>
  );
}

export interface AppProps {
  storage: KeyValueStorage;
  defaults: Settings;
  connect: (settings: Settings) => Backend;
}

/** A route's screen that needs a signed-in person (SignedIn sends others to sign in first). */
const signedIn = (Screen: Component) => () => (
  <SignedIn>
    <Screen />
  </SignedIn>
);
/** A route's screen for the signed-out only (SignedOut sends a signed-in person on). */
const signedOut = (Screen: Component) => () => (
  <SignedOut>
    <Screen />
  </SignedOut>
);

export function App(props: AppProps): JSX.Element {
  return (
    <StoresProvider storage={props.storage} defaults={props.defaults} connect={props.connect}>
      <Router root={Layout}>
        <Route path="/" component={signedIn(ChatListScreen)} />
        <Route path="/chat/:key" component={signedIn(ChatScreen)} />
        <Route path="/new-group" component={signedIn(NewGroupScreen)} />
        <Route path="/sign-in" component={signedOut(SignInScreen)} />
        <Route path="/settings" component={SettingsScreen} />
        <Route path="/join" component={JoinLinkScreen} />
        <Route path="*" component={() => <Navigate href="/" />} />
      </Router>
    </StoresProvider>
  );
}
