// Group calls as a part of the local server (startServer's `extend`): the phone.* methods, chatFull.call and the
// chat/channel call flags, the SFU (werift) behind the calls, the demo calls, and the /control/calls routes.
import type { Api } from '../api/index';
import { provideCallFlags } from '../api/views';
import { callControlRoutes } from '../control/callRoutes';
import type { ServerExtension } from '../server';
import { Sfu, demoCameraClip, demoSpeakerClips, type OpusClip, type Vp8Clip } from '../sfu/index';
import type { World } from '../world/world';
import type { CallMedia } from './callMedia';
import { inputGroupCallTl } from './callTl';
import { GroupCalls } from './groupCalls';
import { phoneHandlers } from './phoneHandlers';
import { seedDemoCalls, startDemoSpeakers } from './seedCalls';

export interface GroupCallsExtensionOptions {
  /** The SFU; default a new werift Sfu, closed with the server. A given one is closed by its owner. */
  media?: CallMedia;
  /** ms a participant whose media failed keeps its place (default 5000). */
  failedGraceMs?: number;
  /** Audio of simulated speakers (default the demo clips in public/audio). */
  speakerAudio?: () => readonly OpusClip[];
  /** The simulated camera's clip (default the demo clip in public/video). */
  cameraVideo?: () => Vp8Clip;
  /** Seed the demo calls into the seeded world and start its speakers (default true). */
  demo?: boolean;
}

export interface GroupCallsPart extends ServerExtension {
  calls: GroupCalls;
}

/** Builds the calls part over `world`; participants of a previous run are out (their media is gone). */
export function createGroupCallsPart(world: World, options: GroupCallsExtensionOptions = {}): GroupCallsPart {
  const ownMedia = options.media === undefined;
  const media = options.media ?? new Sfu();
  const calls = new GroupCalls(world, {
    media,
    failedGraceMs: options.failedGraceMs,
    speakerAudio: options.speakerAudio ?? demoSpeakerClips,
    cameraVideo: options.cameraVideo ?? demoCameraClip,
  });
  provideCallFlags(world, (chat) => {
    const live = calls.store.liveOf(chat);
    return { active: live !== undefined, notEmpty: live !== undefined && calls.store.count(live.id) > 0 };
  });
  calls.dropParticipantsAfterRestart();
  if (options.demo !== false) {
    seedDemoCalls(calls);
    startDemoSpeakers(calls);
  }
  return {
    calls,
    extraHandlers: phoneHandlers(calls),
    hooks: {
      activeCall: (chat) => {
        const live = calls.store.liveOf(chat);
        return live ? inputGroupCallTl(live) : undefined;
      },
    },
    attach: (api: Api) => calls.attach(api.events),
    controlRoutes: callControlRoutes(calls),
    close: async () => {
      await calls.close();
      if (ownMedia) await media.close();
    },
  };
}

/** For startServer({ extend }). */
export function groupCallsExtension(options: GroupCallsExtensionOptions = {}): (world: World) => ServerExtension {
  return (world) => createGroupCallsPart(world, options);
}
