// The local server's test-control API (loopback only): inject faults, drop connections, read what the server saw.
export class ControlClient {
  constructor(readonly baseUrl: string) {}

  private async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}/${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  }

  /**
   * The next `times` calls of `method` fail with `type` (code 420 for FLOOD_WAIT_X, else 400 unless given), after
   * `delayMs` if given; with `delayMs` and no type they get their real answer that late (LATE_ANSWER). With `userId`,
   * only that user's calls.
   */
  fault(fault: {
    method: string;
    type?: string;
    code?: number;
    times?: number;
    delayMs?: number;
    userId?: number;
  }): Promise<unknown> {
    return this.request('POST', 'faults', fault);
  }

  /** Closes every MTProto connection, or those of one user's keys. */
  dropConnections(filter: { userId?: number } = {}): Promise<unknown> {
    return this.request('POST', 'drop-connections', filter);
  }

  /** Live group calls (id, chat, title, participants…). */
  async calls(): Promise<
    Array<{ id: number; chat: { type: 'chat' | 'channel'; id: number }; title: string; scheduleDate: number | null }>
  > {
    const body = (await this.request('GET', 'calls')) as {
      calls: Array<{
        id: number;
        chat: { type: 'chat' | 'channel'; id: number };
        title: string;
        scheduleDate: number | null;
      }>;
    };
    return body.calls;
  }

  /** Live calls with their participants (peer "user:<id>", source = the SSRC others receive, signed). */
  async callParticipants(): Promise<CallWithParticipants[]> {
    const body = (await this.request('GET', 'calls')) as { calls: CallWithParticipants[] };
    return body.calls;
  }

  /** What the SFU saw per source (signed SSRC as a string): received, dropped while muted, forwarded per receiver. */
  async rtp(
    callId: number,
  ): Promise<
    Record<
      string,
      { endpointId: string; muted: boolean; received: number; droppedMuted: number; forwarded: Record<string, number> }
    >
  > {
    const body = (await this.request('GET', `calls/${callId}/rtp`)) as {
      sources: Record<
        string,
        {
          endpointId: string;
          muted: boolean;
          received: number;
          droppedMuted: number;
          forwarded: Record<string, number>;
        }
      >;
    };
    return body.sources;
  }

  /** Cuts one participant's media in the SFU (as a lost network would): its client must notice and rejoin. */
  cut(callId: number, peer: string): Promise<unknown> {
    return this.request('POST', `calls/${callId}/cut`, { peer });
  }

  /** Ends a call as its creator would. */
  discardCall(callId: number): Promise<unknown> {
    return this.request('POST', `calls/${callId}/discard`, {});
  }

  /** Sets a live call's limit of people sending video (unmuted_video_limit); null gives it Telegram's 30 again. */
  setVideoLimit(callId: number, limit: number | null): Promise<unknown> {
    return this.request('POST', `calls/${callId}/video-limit`, { limit });
  }

  /** Adds `count` muted listeners ("Listener N", no one can sign in as them) to a live call, announced as joins. */
  async seedParticipants(callId: number, count: number): Promise<{ added: number; participantsCount: number }> {
    return (await this.request('POST', 'calls/seed-participants', { callId, count })) as {
      added: number;
      participantsCount: number;
    };
  }

  /** Adds `count` members ("Member 0001"…) to the channel or supergroup @username, quietly (no updates). */
  async seedMembers(username: string, count: number): Promise<{ added: number; members: number }> {
    return (await this.request('POST', 'channels/seed-members', { username, count })) as {
      added: number;
      members: number;
    };
  }

  /**
   * Moves the server's clock to `at` (it runs on from there), so that a test whose pages run a Playwright clock set to
   * the same instant sees the server agree with them; null gives the server its machine's time back.
   */
  async setClock(at: Date | null): Promise<void> {
    await this.request('POST', 'clock', { now: at === null ? null : at.getTime() });
  }

  /** Forgets armed faults and the call log. */
  clear(): Promise<unknown> {
    return this.request('POST', 'clear', {});
  }

  /** Every method call the server answered since the last clear: method, user, error type (if any). */
  async log(): Promise<
    Array<{ method: string; userId: number | null; error?: string; injected?: boolean; delayedMs?: number }>
  > {
    return (await this.request('GET', 'log')) as Array<{
      method: string;
      userId: number | null;
      error?: string;
      injected?: boolean;
      delayedMs?: number;
    }>;
  }
}

export interface CallParticipantJson {
  peer: string;
  userId: number | null;
  source: number;
  muted: boolean;
  canSelfUnmute: boolean;
  /** Unix seconds of the join. */
  date: number;
  /** The join's video source groups (signed SSRCs), null without video; whether the camera is stopped / paused. */
  videoGroups: { semantics: string; sources: number[] }[] | null;
  videoStopped: boolean;
  videoPaused: boolean;
  /** The screen being shared: its video groups and audio SSRC (signed); null when none. */
  presentationGroups: { semantics: string; sources: number[] }[] | null;
  presentationAudio: number | null;
  presentationPaused: boolean;
}

export interface CallWithParticipants {
  id: number;
  chat: { type: 'chat' | 'channel'; id: number };
  title: string;
  scheduleDate: number | null;
  rtmp: boolean;
  participants: CallParticipantJson[];
}
