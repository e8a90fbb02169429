/** The web app's build: React, into dist/web, served by the API server (`npm run dev:web` proxies /api to it). */
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webDir = import.meta.dirname;

export default defineConfig({
  root: webDir,
  base: '/',
  plugins: [react()],
  build: {
    outDir: process.env.CRM_WEB_DIST ? path.resolve(process.env.CRM_WEB_DIST) : path.resolve(webDir, '../dist/web'),
    emptyOutDir: true,
    // The shell and tables load first; charts (recharts) and the dashboard come in their own chunks.
    chunkSizeWarningLimit: 700,
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' },
  },
});
