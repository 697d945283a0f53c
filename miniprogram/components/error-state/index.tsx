import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { ApiError } from '../../api/errors';
import './index.scss';

/** Inline failure with a retry, for pages that load with useQuery(..., silent). */
export function ErrorState({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  return (
    <View className="sn-error" role="alert">
      <Text className="sn-error__title">{error.isNetwork ? '网络不可用' : '暂时没能加载'}</Text>
      <Text className="sn-error__detail">{error.detail}</Text>
      {onRetry ? (
        <Button className="sn-error__retry" type="primary" fill="outline" onClick={onRetry}>
          重新加载
        </Button>
      ) : null}
    </View>
  );
}
