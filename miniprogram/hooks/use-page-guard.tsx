import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useDidShow } from '@tarojs/taro';
import { useRef, type ReactElement } from 'react';
import { PageRoot } from '../components/page-root';
import { guardState, openGuardStep, type GuardKind, type GuardState } from '../lib/guards';
import { go } from '../lib/navigate';
import { getSession } from '../lib/session';
import { useSession } from './use-session';
import '../components/error-state/index.scss';
import { PAGES } from '../../shared/pages';

const COPY: Record<Exclude<GuardState, 'ok'>, { title: string; detail: string; action: string }> = {
  login: { title: '需要登录', detail: '登录后才能查看和办理这一项。公开的服务手册、问题墙不登录也能看。', action: '去登录' },
  consent: {
    title: '同意后使用',
    detail: '这一项会用到您的住址、电话等个人信息，需要您先阅读并同意《隐私保护指引》。不同意也可以继续浏览公开内容。',
    action: '阅读并同意',
  },
  staff: { title: '仅限工作人员', detail: '这一页只对社区工作人员开放。', action: '回到首页' },
};

/** The inline state a guarded page shows once its one redirect has been declined. */
export function GuardNotice({ state, returnTo }: { state: Exclude<GuardState, 'ok'>; returnTo?: string }) {
  const copy = COPY[state];
  return (
    <View className="sn-body">
      <View className="sn-error" data-testid={`guard-${state}`} role="alert">
        <Text className="sn-error__title">{copy.title}</Text>
        <Text className="sn-error__detail">{copy.detail}</Text>
        <Button className="sn-error__retry" type="primary" onClick={() => openGuardStep(state, returnTo)} data-testid="guard-action">
          {copy.action}
        </Button>
        {state !== 'staff' ? (
          <Button className="sn-error__retry" fill="none" onClick={() => go(PAGES.tabs.home)}>
            先去首页看看
          </Button>
        ) : null}
      </View>
    </View>
  );
}

/**
 * For pages that need a user (or consent, or staff) to be shown at all. The first time the
 * page shows without it, opens log-in / the notice once; after that (the user came back
 * without logging in, or declined) the page shows an inline state with a button instead,
 * so going back never re-opens the step in a loop. Returns that state's page, or null:
 *   const gate = usePageGuard('consent');  …other hooks…  if (gate) return gate;
 */
export function usePageGuard(kind: GuardKind, returnTo?: string): ReactElement | null {
  const session = useSession();
  const state = guardState(kind, session);
  const redirected = useRef(false);
  useDidShow(() => {
    // The store, not the render's closure: the session may have changed while hidden.
    const now = guardState(kind, getSession());
    if (now === 'ok' || redirected.current) return;
    redirected.current = true;
    openGuardStep(now, returnTo);
  });
  if (state === 'ok') return null;
  return (
    <PageRoot>
      <GuardNotice state={state} returnTo={returnTo} />
    </PageRoot>
  );
}
