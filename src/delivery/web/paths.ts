/** Where the web app's sources and build live (repository-relative, so tests, bench and the server agree). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const WEB_SRC_DIR = path.join(REPO_ROOT, 'web');
export const WEB_DIST_DIR = path.join(REPO_ROOT, 'dist/web');
