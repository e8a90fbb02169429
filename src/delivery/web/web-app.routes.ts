/**
 * The web app: serves the built React app from `dist/web`, with every other non-API path answered by
 * index.html so client-side routes (/contacts/ct_00001) survive a reload. API routes, /health and /api/docs are
 * more specific than this plugin's catch-all, so they win; unknown /api paths get the API's own JSON 404.
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { WEB_DIST_DIR } from './paths.js';

const NOT_APP = /^\/(api|health)(\/|$|\?)/;

export const webAppRoutes = (root: string = WEB_DIST_DIR): FastifyPluginAsync => async (app) => {
  const built = () => fs.existsSync(path.join(root, 'index.html'));
  // `serve: false`: only reply.sendFile; the route below decides what is a file and what is the app.
  await app.register(fastifyStatic, { root, serve: false });

  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    let urlPath: string;
    try {
      urlPath = decodeURIComponent(req.url.split('?')[0] ?? '/');
    } catch {
      return reply.callNotFound();
    }
    if (NOT_APP.test(urlPath)) return reply.callNotFound();
    if (!built()) {
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .send('<!doctype html><title>HoloLoom CRM</title><p>The web app is not built yet: run <code>npm run build:web</code> (npm start does it for you). The API is at <a href="/api/docs">/api/docs</a>.</p>');
    }
    const file = path.normalize(urlPath).replace(/^(\.\.[/\\])+/, '');
    if (file !== '/' && fs.existsSync(path.join(root, file)) && fs.statSync(path.join(root, file)).isFile()) {
      // Hashed bundles never change; everything else is revalidated.
      const immutable = file.startsWith('/assets/');
      return reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache').sendFile(file.slice(1), { cacheControl: false });
    }
    if (path.extname(file) !== '') return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  });
};
