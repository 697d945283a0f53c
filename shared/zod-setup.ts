import * as z from 'zod';
import { zhCN } from 'zod/locales';

// Validation messages are shown to residents, so zod speaks Chinese on both sides. Imported
// for this effect only. Everyone takes zod as `import * as z from 'zod'` and the locale by
// name: a bundler then keeps the parts in use, where `import { z }` or `z.locales` would
// carry all of zod and its 50 locales into every function and subpackage.
z.config(zhCN());
