import { defineConfig } from 'vite';

// The built app lands where Quarkus serves static files at `/` (META-INF/resources in the jar).
export default defineConfig({
  build: {
    outDir: '../../../target/classes/META-INF/resources',
    emptyOutDir: true,
    sourcemap: false,
  },
  test: {
    include: ['src/**/*.test.js'],
    environment: 'node',
  },
});
