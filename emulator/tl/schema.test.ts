import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { buildSchema, computeTlId, getSchema, layerOf, loadSchemaSources, parseTlSchema } from './schema';
import { API_TL_PATH, MTPROTO_TL_PATH, PINNED_SCHEMA_SOURCE, schemaFilesFromPinnedSource } from './updateSchema';
import { FALSY_FLAGS_PATH, GENERATED_PATH, generateClientTypes, generateFalsyFlagFields } from './generateClientTypes';

const require = createRequire(import.meta.url);

describe('TL schema', () => {
  const schema = getSchema();

  it('is layer 158 with the whole API', () => {
    expect(schema.layer).toBe(158);
    expect(schema.constructors.length).toBeGreaterThan(1100);
    expect(schema.functions.length).toBeGreaterThan(500);
    expect(schema.constructorsByName.get('auth.sentCode')?.id).toBe(0x5e002502);
    expect(schema.functionsByName.get('phone.checkGroupCall')?.type).toBe('Vector<int>');
    const user = schema.constructorsByName.get('user')!;
    expect(user.params.find((p) => p.name === 'bot_can_edit')?.flag).toEqual({ field: 'flags2', bit: 1 });
    expect(user.params.find((p) => p.name === 'usernames')?.parsed).toEqual({
      kind: 'vector',
      bare: false,
      of: { kind: 'object', name: 'Username', bare: false },
    });
  });

  it('agrees with every constructor id in @mtproto/core builder map', () => {
    const builder = readFileSync(require.resolve('@mtproto/core/src/tl/builder/index.js'), 'utf8');
    const re = /^ {2}'([^']+)': function\(params\) \{\n {4}this\.int32\((-?\d+)\)/gm;
    let checked = 0;
    for (let m = re.exec(builder); m; m = re.exec(builder)) {
      const name = m[1].startsWith('mt_') && !schema.constructorsByName.has(m[1]) ? m[1].slice(3) : m[1];
      if (['vector', 'msg_copy', 'message', 'boolFalse', 'boolTrue', 'true'].includes(name)) continue; // built into the codec
      const c = schema.constructorsByName.get(name) ?? schema.functionsByName.get(name);
      expect(c, name).toBeDefined();
      expect(c!.id, name).toBe(Number(m[2]) >>> 0);
      checked++;
    }
    expect(checked).toBeGreaterThan(1600);
  });

  it('computes CRC32 ids that match the explicit ones', () => {
    const src = loadSchemaSources();
    let ok = 0;
    let total = 0;
    for (const line of (src.api + src.mtproto).split('\n')) {
      const m = /^([\w.]+)#([0-9a-f]+)/.exec(line);
      // Telegram's ids of these three mtproto lines are not CRCs of their text
      if (!m || line.includes('vector<') || m[1] === 'ipPortSecret') continue;
      total++;
      if (computeTlId(line) === parseInt(m[2], 16)) ok++;
    }
    expect(ok).toBe(total);
  });

  it('parses the committed schema files line by line, every line a constructor, a function or a section mark', () => {
    const api = readFileSync(API_TL_PATH, 'utf8');
    const mtproto = readFileSync(MTPROTO_TL_PATH, 'utf8');
    expect(layerOf(api)).toBe(PINNED_SCHEMA_SOURCE.layer);
    const apiCombinators = parseTlSchema(api, 'api');
    const mtprotoCombinators = parseTlSchema(mtproto, 'mtproto');
    // the four built-ins (vector, boolFalse, boolTrue, true) are the codec's, not the table's
    const combinatorLines = (text: string) =>
      text.split('\n').filter((l) => l.trim() && !l.startsWith('//') && !l.startsWith('---')).length;
    expect(apiCombinators.length).toBe(combinatorLines(api) - 4);
    expect(mtprotoCombinators.length).toBe(combinatorLines(mtproto));
    const built = buildSchema([...apiCombinators, ...mtprotoCombinators], layerOf(api));
    expect(built.functionsByName.get('phone.joinGroupCall')?.id).toBe(0xb132ff7b);
    expect(built.constructorsByName.get('resPQ')?.section).toBe('mtproto');
  });

  it('the committed schema files are what the pinned source gives (npm run update:tl-schema)', () => {
    const files = schemaFilesFromPinnedSource();
    expect(readFileSync(API_TL_PATH, 'utf8')).toBe(files.api);
    expect(readFileSync(MTPROTO_TL_PATH, 'utf8')).toBe(files.mtproto);
  });

  it('refuses a schema text without its layer line', () => {
    expect(() => layerOf('boolFalse#bc799737 = Bool;\n')).toThrow(/LAYER/);
  });

  it('the checked-in client types are up to date (npm run gen:tl)', () => {
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(generateClientTypes(schema));
    expect(readFileSync(FALSY_FLAGS_PATH, 'utf8')).toBe(generateFalsyFlagFields(schema));
  });
});
