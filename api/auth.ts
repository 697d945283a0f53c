import { demoLogin, getMe, loginWithWechat, recordPrivacyConsent, updateMe } from './_lib/services/users';
import { deleteMyAccount, exportMyData } from './_lib/services/data-rights';
import {
  getMyBadges,
  getMySubscriptions,
  listMyMessages,
  markAllMessagesRead,
  markMessageRead,
  recordSubscriptions,
} from './_lib/services/message-centre';
import { authRoutes } from '../shared/contract/auth';
import { bind } from './_lib/http/bind';
import { createRouter } from './_lib/http/router';

/** /api/auth/* and /api/me*: who the caller is. */
export const routes = bind(authRoutes, {
  login: ({ ctx, body }) => loginWithWechat({ ctx, input: body }),
  demoLogin: ({ ctx, body }) => demoLogin({ ctx, input: body }),
  me: ({ ctx }) => getMe({ ctx }),
  updateMe: ({ ctx, body }) => updateMe({ ctx, input: body }),
  privacyConsent: ({ ctx, body }) => recordPrivacyConsent({ ctx, input: body }),
  exportMyData: ({ ctx }) => exportMyData({ ctx }),
  deleteMe: ({ ctx }) => deleteMyAccount({ ctx }),
  badges: ({ ctx }) => getMyBadges({ ctx }),
  messages: ({ ctx, query }) => listMyMessages({ ctx, query }),
  readAllMessages: ({ ctx }) => markAllMessagesRead({ ctx }),
  readMessage: ({ ctx, params }) => markMessageRead({ ctx, id: params.id }),
  subscriptions: ({ ctx }) => getMySubscriptions({ ctx }),
  recordSubscriptions: ({ ctx, body }) => recordSubscriptions({ ctx, input: body }),
});

export default createRouter(routes);
