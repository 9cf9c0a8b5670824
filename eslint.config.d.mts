// Types of eslint.config.mjs's exports, for the test that runs its rules (scripts/lintRules.test.ts).
import type { Linter } from 'eslint';

export declare const noHtmlFromStrings: Linter.RulesRecord;
declare const config: Linter.Config[];
export default config;
