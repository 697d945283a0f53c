import { View } from '@tarojs/components';
import { Skeleton } from '@nutui/nutui-react-taro';
import './index.scss';

/** Placeholder with the shape of the content, so the page does not jump when data arrives. */
export function LoadingSkeleton({ blocks = 3, rows = 3 }: { blocks?: number; rows?: number }) {
  return (
    <View className="sn-skeleton" aria-busy="true" aria-label="加载中">
      {Array.from({ length: blocks }, (_, i) => (
        <View className="sn-skeleton__block" key={i}>
          <Skeleton rows={rows} animated />
        </View>
      ))}
    </View>
  );
}
