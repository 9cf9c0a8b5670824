// Vite for the e2e tests: the project's config without HMR and without file watching, so that edits in the working
// tree during a run cannot reload the page under a test (a reload would also hide whether the app reconnected by itself).
import { mergeConfig } from 'vite';
import base from '../../vite.config';

export default mergeConfig(base, {
  server: { hmr: false, watch: null },
});
