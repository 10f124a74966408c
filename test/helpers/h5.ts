import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const h5BuildDir = join(__dirname, '../../dist/h5');

/** The e2e tests drive the production H5 build; `npm test` builds it before they run. */
export function requireH5Build(): string {
  if (!existsSync(join(h5BuildDir, 'index.html'))) {
    throw new Error(`no H5 build in ${h5BuildDir}: run \`npm run build:h5\` (npm test does) before the e2e tests`);
  }
  return h5BuildDir;
}
