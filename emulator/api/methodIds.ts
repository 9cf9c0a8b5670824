// Constructor ids of the layer-158 functions, read from the schema text shipped in telegram@2.17.10, so that an
// unserved method can be answered the way Telegram does: 400 INPUT_METHOD_INVALID_<constructor id>.
import { createRequire } from 'node:module';

let cache: Map<string, number> | undefined;

function load(): Map<string, number> {
  const require = createRequire(import.meta.url);
  const text = require('telegram/tl/apiTl.js') as string;
  const functions = text.slice(text.indexOf('---functions---'));
  const map = new Map<string, number>();
  for (const m of functions.matchAll(/^([a-zA-Z0-9_.]+)#([0-9a-f]+)\s/gm)) map.set(m[1]!, parseInt(m[2]!, 16));
  return map;
}

/** The unsigned constructor id of method `name`, if the schema has it. */
export function methodId(name: string): number | undefined {
  cache ??= load();
  return cache.get(name);
}
