import { z } from 'zod';

// Validation messages are shown to residents, so zod speaks Chinese on both sides.
z.config(z.locales.zhCN());

export { z };
