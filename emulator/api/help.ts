// help.*: the config (one DC, id 2, at this server's loopback address), the nearest DC, app config.
import type { ApiOptions } from './options';
import type { HandlerMap, TlObject } from './types';

export function helpHandlers(opts: ApiOptions): HandlerMap {
  const config = (now: number): TlObject => ({
    _: 'config',
    date: now,
    expires: now + 3600,
    test_mode: false,
    this_dc: 2,
    dc_options: [{ _: 'dcOption', id: 2, ip_address: opts.host(), port: opts.port() }],
    dc_txt_domain_name: 'localhost',
    chat_size_max: 200,
    megagroup_size_max: 200000,
    forwarded_count_max: 100,
    online_update_period_ms: 210000,
    offline_blur_timeout_ms: 5000,
    offline_idle_timeout_ms: 30000,
    online_cloud_timeout_ms: 300000,
    notify_cloud_delay_ms: 30000,
    notify_default_delay_ms: 1500,
    push_chat_period_ms: 60000,
    push_chat_limit: 2,
    edit_time_limit: 172800,
    revoke_time_limit: 2147483647,
    revoke_pm_time_limit: 2147483647,
    rating_e_decay: 2419200,
    stickers_recent_limit: 200,
    channels_read_media_period: 604800,
    call_receive_timeout_ms: 20000,
    call_ring_timeout_ms: 90000,
    call_connect_timeout_ms: 30000,
    call_packet_timeout_ms: 10000,
    me_url_prefix: 'https://t.me/',
    caption_length_max: 1024,
    message_length_max: 4096,
    webfile_dc_id: 2,
  });
  return {
    'help.getConfig': { anonymous: true, handler: (call) => config(call.now) },
    'help.getNearestDc': {
      anonymous: true,
      handler: () => ({ _: 'nearestDc', country: 'ZZ', this_dc: 2, nearest_dc: 2 }),
    },
    'help.getAppConfig': {
      anonymous: true,
      handler: () => ({ _: 'help.appConfig', hash: 1, config: { _: 'jsonObject', value: [] } }),
    },
  };
}
