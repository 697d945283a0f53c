import { Text } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { requireLogin } from '../../../lib/guards';
import { feedbackApi } from '../api';
import './support-button.scss';

/**
 * 我也遇到: one tap says the neighbour has the same problem (and from then on hears of its
 * progress), a second tap takes it back. The server counts each person once.
 */
export function SupportButton({ id, count, supported, disabled }: { id: string; count: number; supported?: boolean; disabled?: boolean }) {
  const [state, setState] = useState({ count, supported: Boolean(supported) });
  const [busy, setBusy] = useState(false);
  useEffect(() => setState({ count, supported: Boolean(supported) }), [count, supported]);
  const toggle = async () => {
    if (disabled || busy || !requireLogin()) return;
    setBusy(true);
    try {
      const r = await feedbackApi.support(id, !state.supported);
      setState({ count: r.supportCount, supported: r.supported });
    } catch {
      /* shown by the API client */
    } finally {
      setBusy(false);
    }
  };
  return (
    <Text
      className={`fb-support ${state.supported ? 'fb-support--on' : ''} ${disabled ? 'fb-support--off' : ''}`}
      data-testid="support-button"
      aria-label={state.supported ? `已点我也遇到，共 ${state.count} 人，点按取消` : `我也遇到，已有 ${state.count} 人`}
      onClick={(e) => {
        e.stopPropagation();
        void toggle();
      }}
    >
      {state.supported ? '✓ 我也遇到' : '我也遇到'}
      {state.count ? ` · ${state.count}` : ''}
    </Text>
  );
}
