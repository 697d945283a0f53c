import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.scss';

/** The coloured top of a page: what it is for, in one title and one sentence. `staff` marks staff tools. */
export function Banner({ label, title, text, staff, testId }: { label?: string; title: string; text?: ReactNode; staff?: boolean; testId?: string }) {
  return (
    <View className={`sn-banner${staff ? ' sn-banner--staff' : ''}`}>
      {label ? <Text className="sn-banner__label">{label}</Text> : null}
      <Text className="sn-banner__title" data-testid={testId}>
        {title}
      </Text>
      {text ? <Text className="sn-banner__text">{text}</Text> : null}
    </View>
  );
}
