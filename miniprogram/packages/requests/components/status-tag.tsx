import { Text } from '@tarojs/components';
import { REQUEST_STATUS_NAMES, type RequestStatus } from '../../../../shared/requests';
import './status-tag.scss';

/** Status in words and colour; the colour is never the only cue. */
export function StatusTag({ status }: { status: RequestStatus }) {
  return (
    <Text className={`rq-status rq-status--${status}`} data-testid="status-tag">
      {REQUEST_STATUS_NAMES[status]}
    </Text>
  );
}
