// What the client and the local server both speak, with no code of either: the group-call JSON (join / transport) and
// the colibri messages of the call's data channel.

export * from './groupCallJson';
export * from './colibri';
