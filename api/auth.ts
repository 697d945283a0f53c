import {
  DemoLoginBodySchema,
  LoginBodySchema,
  LoginResponseSchema,
  MeSchema,
  PrivacyConsentBodySchema,
  UpdateMeBodySchema,
} from '../shared/auth';
import { createRouter } from './_lib/http/router';
import { defineRoute, type AnyRoute } from './_lib/http/types';
import { demoLogin, getMe, loginWithWechat, recordPrivacyConsent, updateMe } from './_lib/services/users';

/** /api/auth/* and /api/me*: who the caller is. */
export const routes: AnyRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/api/auth/login',
    auth: 'public',
    summary: 'Exchange a wx.login code for a session token',
    tag: 'auth',
    body: LoginBodySchema,
    response: LoginResponseSchema,
    rateLimit: 'auth',
    handler: ({ ctx, body }) => loginWithWechat({ ctx, input: body }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/auth/demo-login',
    auth: 'public',
    summary: 'Local mode only: log in as a demo persona',
    tag: 'auth',
    body: DemoLoginBodySchema,
    response: LoginResponseSchema,
    rateLimit: 'auth',
    handler: ({ ctx, body }) => demoLogin({ ctx, input: body }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/me',
    auth: 'user',
    summary: 'The logged-in user',
    tag: 'me',
    response: MeSchema,
    handler: ({ ctx }) => getMe({ ctx }),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/me',
    auth: 'user',
    summary: 'Update my name, community or phone',
    tag: 'me',
    body: UpdateMeBodySchema,
    response: MeSchema,
    handler: ({ ctx, body }) => updateMe({ ctx, input: body }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/me/privacy-consent',
    auth: 'user',
    summary: 'Record consent to the privacy notice',
    tag: 'me',
    body: PrivacyConsentBodySchema,
    response: MeSchema,
    handler: ({ ctx, body }) => recordPrivacyConsent({ ctx, input: body }),
  }),
];

export default createRouter(routes);
