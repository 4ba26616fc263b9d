// The reviewer web UI. Built to ui/dist, which the API process serves at `/`.
import { defineConfig } from 'vite';

const root = decodeURIComponent(new URL('.', import.meta.url).pathname);
// `vite dev` / `vite preview` forward /api to a running stack (default: npm start on port 3000).
const apiTarget = process.env.RF_API_TARGET ?? 'http://localhost:3000';
const proxy = { '/api': { target: apiTarget, changeOrigin: true } };

export default defineConfig({
  root,
  base: '/',
  // No @vitejs/plugin-react: Vite's built-in oxc transform compiles JSX with React's automatic runtime.
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: `${root}dist`,
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: { proxy },
  preview: { proxy },
});
