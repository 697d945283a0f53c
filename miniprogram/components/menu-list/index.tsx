import { Text, View } from '@tarojs/components';
import { Cell, CellGroup } from '@nutui/nutui-react-taro';
import { ArrowRight } from '@nutui/icons-react-taro';
import type { ReactNode } from 'react';
import './index.scss';

export interface MenuItem {
  key: string;
  title: string;
  description?: string;
  icon?: ReactNode;
  extra?: ReactNode;
  onClick: () => void;
}

/** A list of large rows (NutUI Cell) for 我的 and settings-like pages. */
export function MenuList({ items }: { items: MenuItem[] }) {
  return (
    <CellGroup className="sn-menu">
      {items.map((item) => (
        <Cell
          key={item.key}
          className="sn-menu__item"
          clickable
          align="center"
          onClick={item.onClick}
          title={
            <View className="sn-menu__title" data-testid={`menu-${item.key}`}>
              {item.icon ? <View className="sn-menu__icon">{item.icon}</View> : null}
              <View className="sn-menu__text">
                <Text className="sn-menu__label">{item.title}</Text>
                {item.description ? <Text className="sn-menu__desc">{item.description}</Text> : null}
              </View>
            </View>
          }
          extra={
            <View className="sn-menu__extra">
              {item.extra}
              <ArrowRight className="sn-menu__arrow" />
            </View>
          }
        />
      ))}
    </CellGroup>
  );
}
