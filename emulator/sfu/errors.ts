// Typed errors of the SFU. The API maps them to Telegram errors by `reason`, never by message text:
// 'join-payload-invalid' → DATA_JSON_INVALID, 'ssrc-duplicate' → GROUPCALL_SSRC_DUPLICATE_MUCH.

export type SfuErrorReason =
  | 'join-payload-invalid' // the join JSON failed validation (bad fingerprint, missing ufrag, ...)
  | 'ssrc-duplicate' // no SSRC (0 / absent) or an SSRC another member of the call already has
  | 'audio-invalid' // an Ogg Opus file or clip cannot be played
  | 'unknown-endpoint' // no such call / endpoint
  | 'left' // the endpoint left (or its call was closed) while its join was still being set up
  | 'transport-failed' // werift could not produce an answer / ICE parameters
  | 'closed'; // the SFU was closed

export class SfuError extends Error {
  override readonly name: string = 'SfuError';
  constructor(
    readonly reason: SfuErrorReason,
    /** Where the problem is: a JSON path for payload errors (`fingerprints[0].hash`), else the call / endpoint. */
    readonly field: string,
    detail: string,
  ) {
    super(`${field}: ${detail}`);
  }
}

/** The join JSON (`phone.joinGroupCall.params`) is malformed at `field`: the API answers DATA_JSON_INVALID. */
export class JoinPayloadError extends SfuError {
  override readonly name = 'JoinPayloadError';
  constructor(field: string, detail: string) {
    super('join-payload-invalid', field, detail);
  }
}
