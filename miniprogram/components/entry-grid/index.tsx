import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.scss';

export interface EntryTileProps {
  title: string;
  description?: string;
  icon: ReactNode;
  /** Tile accent; keep to the palette in STYLE (brand red, gold, teal, blue, green). */
  tone?: 'red' | 'gold' | 'teal' | 'blue' | 'green' | 'purple';
  badge?: string;
  onClick: () => void;
  testId?: string;
}

/** A big, labelled tap target: readable and hittable for a 70-year-old. */
export function EntryTile({ title, description, icon, tone = 'red', badge, onClick, testId }: EntryTileProps) {
  return (
    <View className={`sn-tile sn-tile--${tone}`} hoverClass="sn-tile--pressed" onClick={onClick} data-testid={testId} role="button" aria-label={title}>
      <View className="sn-tile__icon">{icon}</View>
      <View className="sn-tile__text">
        <Text className="sn-tile__title">{title}</Text>
        {description ? <Text className="sn-tile__desc">{description}</Text> : null}
      </View>
      {badge ? <Text className="sn-tile__badge">{badge}</Text> : null}
    </View>
  );
}

export function EntryGrid({ children, columns = 2 }: { children: ReactNode; columns?: 1 | 2 }) {
  return <View className={`sn-grid sn-grid--${columns}`}>{children}</View>;
}
