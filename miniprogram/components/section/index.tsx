import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.scss';

/** A titled block of a page; `action` is a small link on the right (e.g. 全部). */
export function Section({ title, action, onAction, children }: { title: string; action?: string; onAction?: () => void; children: ReactNode }) {
  return (
    <View className="sn-section">
      <View className="sn-section__head">
        <Text className="sn-section__title">{title}</Text>
        {action ? (
          <Text className="sn-section__action" onClick={onAction}>
            {action}
          </Text>
        ) : null}
      </View>
      {children}
    </View>
  );
}
