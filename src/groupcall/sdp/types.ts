// The wire shapes live in src/protocol (shared with the local server); the SDP layer re-exports them for its users.

export * from '../../protocol/groupCallJson';
