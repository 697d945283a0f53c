import { Text, View } from '@tarojs/components';
import { Tag } from '@nutui/nutui-react-taro';
import { ArrowRight } from '@nutui/icons-react-taro';
import type { HandbookListItem } from '../../../shared/handbook';
import './entry-row.scss';

/** One handbook entry in a list: title, one-line summary, and whether it can be ordered. */
export function EntryRow({ item, onClick, showCategory }: { item: HandbookListItem; onClick: () => void; showCategory?: boolean }) {
  return (
    <View className="hb-row" hoverClass="hb-row--pressed" onClick={onClick} data-testid="handbook-result" role="button">
      <View className="hb-row__text">
        <Text className="hb-row__title">{item.title}</Text>
        <Text className="hb-row__summary">{item.summary}</Text>
        <View className="hb-row__tags">
          {showCategory ? <Tag type="default" className="hb-row__tag">{item.categoryName}</Tag> : null}
          {item.requestable ? (
            <Tag type="primary" className="hb-row__tag">
              可预约
            </Tag>
          ) : null}
          {!item.published ? (
            <Tag type="warning" className="hb-row__tag">
              已下架
            </Tag>
          ) : null}
        </View>
      </View>
      <ArrowRight className="hb-row__arrow" />
    </View>
  );
}
