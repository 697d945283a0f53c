import { Text, View } from '@tarojs/components';
import { replace } from '../../../lib/navigate';
import './board-tabs.scss';
import { PAGES } from '../../../../shared/pages';

const TABS = [
  { key: 'wall', label: '问题墙', route: PAGES.feedback.wall },
  { key: 'echo', label: '回音壁', route: PAGES.feedback.echo },
  { key: 'figures', label: '公开数据', route: PAGES.feedback.figures },
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
