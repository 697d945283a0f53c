import { Text, View } from '@tarojs/components';
import { replace } from '../../../lib/navigate';
import { FEEDBACK_ROUTES } from '../api';
import './board-tabs.scss';

const TABS = [
  { key: 'wall', label: '问题墙', route: FEEDBACK_ROUTES.wall },
  { key: 'echo', label: '回音壁', route: FEEDBACK_ROUTES.echo },
  { key: 'figures', label: '公开数据', route: FEEDBACK_ROUTES.figures },
] as const;

/** The three public boards side by side, as big tabs. */
export function BoardTabs({ active }: { active: (typeof TABS)[number]['key'] }) {
  return (
    <View className="fb-tabs">
      {TABS.map((t) => (
        <Text
          key={t.key}
          className={`fb-tabs__tab ${t.key === active ? 'fb-tabs__tab--on' : ''}`}
          data-testid={`tab-${t.key}`}
          onClick={() => (t.key === active ? undefined : replace(t.route))}
        >
          {t.label}
        </Text>
      ))}
    </View>
  );
}
