import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// `npm run dev` proxies the API to a running `minewatch serve` (MW_API, default :8080).
const api = process.env.MW_API || 'http://127.0.0.1:8080'

export default defineConfig({
  plugins: [vue()],
  build: {
    // static_files.cpp caches everything under /assets/ as immutable: keep hashed names there.
    assetsDir: 'assets',
    chunkSizeWarningLimit: 2500,
  },
  server: {
    proxy: { '/api': { target: api, ws: true } },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.js'],
  },
})
