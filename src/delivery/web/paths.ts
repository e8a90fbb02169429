/** Where the web app's sources and build live (repository-relative, so tests, bench and the server agree). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { webDistDirOf } from '../config.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const WEB_SRC_DIR = path.join(REPO_ROOT, 'web');
/** `CRM_WEB_DIST` puts the build elsewhere (several checkouts' or sessions' browser tests side by side). */
export const WEB_DIST_DIR = webDistDirOf();
