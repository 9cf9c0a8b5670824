// Typed errors of the SDP layer: every failure names the input and the field that caused it.
// Callers match on `reason` (and `field`), never on message text.

export type SdpErrorReason =
  | 'transport-json-invalid' // the server's transport JSON has a bad or missing field
  | 'offer-invalid' // the local offer cannot be parsed or lacks something the join needs
  | 'ssrc-out-of-range' // a number is not a 32-bit SSRC (signed or unsigned)
  | 'no-common-codec' // the server offers no codec that a sending m-line of the browser's offer has
  | 'ssrc-conflict' // a remote source would declare an SSRC another live source already has
  | 'mid-mismatch' // a local offer's m-lines do not line up with the m-lines negotiated before
  | 'source-kind-unsupported'; // a remote source needs media parameters the transport does not have

export class SdpError extends Error {
  override readonly name: string = 'SdpError';
  constructor(
    readonly reason: SdpErrorReason,
    /** The input that failed: `offer`, `transport`, `ssrc`, ... */
    readonly input: string,
    /** The field inside the input, as a path (`transport.candidates[0].port`, `a=ice-ufrag`). */
    readonly field: string,
    detail: string,
  ) {
    super(`${input}: ${field}: ${detail}`);
  }

  static ssrcOutOfRange(value: unknown): SdpError {
    return new SdpError('ssrc-out-of-range', 'ssrc', 'ssrc', `${String(value)} is not a 32-bit integer`);
  }
}

/** The server's transport JSON (`updateGroupCallConnection.params`) failed validation at `field`. */
export class TransportJsonError extends SdpError {
  override readonly name = 'TransportJsonError';
  constructor(field: string, detail: string) {
    super('transport-json-invalid', 'transport', field, detail);
  }
}

/** The browser's local offer cannot give what `phone.joinGroupCall` needs. */
export class OfferError extends SdpError {
  override readonly name = 'OfferError';
  constructor(field: string, detail: string) {
    super('offer-invalid', 'offer', field, detail);
  }
}
