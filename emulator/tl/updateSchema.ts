// Writes the TL schema text the local server runs on (emulator/tl/schema/api.tl, mtproto.tl) from one pinned source:
// the schema files inside the npm package telegram@2.17.10 (GramJS, MIT), layer 158, whose constructor ids match
// @mtproto/core 6.3.0's. GramJS is a devDependency (the interop tests use it), so the pinned version is what
// `npm install` puts in node_modules; this script refuses any other version rather than writing a different layer.
//
//   npm run update:tl-schema
//
// The committed copies are what the server reads; schema.test.ts checks that they parse and match this source.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const PINNED_SCHEMA_SOURCE = { package: 'telegram', version: '2.17.10', layer: 158 } as const;

export const API_TL_PATH = fileURLToPath(new URL('./schema/api.tl', import.meta.url));
export const MTPROTO_TL_PATH = fileURLToPath(new URL('./schema/mtproto.tl', import.meta.url));

export interface SchemaFiles {
  api: string;
  mtproto: string;
}

/** The two schema files as they should be committed, built from the installed pinned package. */
export function schemaFilesFromPinnedSource(): SchemaFiles {
  const require = createRequire(import.meta.url);
  const { package: name, version, layer: pinnedLayer } = PINNED_SCHEMA_SOURCE;
  const installed = (require(`${name}/package.json`) as { version: string }).version;
  if (installed !== version)
    throw new Error(`${name}@${installed} is installed, the schema is pinned to ${name}@${version}: run npm ci first`);
  const api = require(`${name}/tl/apiTl.js`) as unknown;
  const mtproto = require(`${name}/tl/schemaTl.js`) as unknown;
  const { LAYER } = require(`${name}/tl/AllTLObjects.js`) as { LAYER: unknown };
  if (typeof api !== 'string' || typeof mtproto !== 'string')
    throw new Error(`${name}@${version} does not export its schema text as strings`);
  if (LAYER !== pinnedLayer) throw new Error(`${name}@${version} says layer ${String(LAYER)}, expected ${pinnedLayer}`);
  const origin = `from ${name}@${version}`;
  return {
    api:
      `// Telegram API schema, layer ${pinnedLayer}, ${origin} (tl/apiTl.js). Regenerate: npm run update:tl-schema\n` +
      `${api.trim()}\n\n// LAYER ${pinnedLayer}\n`,
    mtproto: `// MTProto schema ${origin} (tl/schemaTl.js). Regenerate: npm run update:tl-schema\n${mtproto.trim()}\n`,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = schemaFilesFromPinnedSource();
  writeFileSync(API_TL_PATH, files.api);
  writeFileSync(MTPROTO_TL_PATH, files.mtproto);
  console.log(`wrote ${API_TL_PATH} and ${MTPROTO_TL_PATH}`);
}
