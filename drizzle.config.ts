import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './api/_lib/db/schema/index.ts',
  out: './drizzle',
});
