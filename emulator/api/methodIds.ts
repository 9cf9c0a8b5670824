// Constructor ids of the API functions of the server's schema, so that an unserved method can be answered the way
// Telegram does: 400 INPUT_METHOD_INVALID_<constructor id>.
import { getSchema } from '../tl/schema';

/** The unsigned constructor id of method `name`, if the schema has it. */
export function methodId(name: string): number | undefined {
  const fn = getSchema().functionsByName.get(name);
  return fn?.section === 'api' ? fn.id : undefined;
}
