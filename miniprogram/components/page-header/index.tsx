import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.scss';

export interface PageHeaderProps {
  title: ReactNode;
  subtitle?: ReactNode;
  /** Small line above the title, e.g. the street's name. */
  eyebrow?: ReactNode;
  extra?: ReactNode;
  children?: ReactNode;
}

/** The red band at the top of a landing page: says where you are in one glance. */
export function PageHeader({ title, subtitle, eyebrow, extra, children }: PageHeaderProps) {
  return (
    <View className="sn-header">
      <View className="sn-header__row">
        <View className="sn-header__text">
          {eyebrow ? <Text className="sn-header__eyebrow">{eyebrow}</Text> : null}
          <Text className="sn-header__title">{title}</Text>
          {subtitle ? <Text className="sn-header__subtitle">{subtitle}</Text> : null}
        </View>
        {extra ? <View className="sn-header__extra">{extra}</View> : null}
      </View>
      {children}
    </View>
  );
}
