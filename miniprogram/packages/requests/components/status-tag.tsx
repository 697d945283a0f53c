import { Text } from '@tarojs/components';
import { REQUEST_STATUS_NAMES, type RequestStatus } from '../../../../shared/requests';
import './status-tag.scss';

/** Status in words and colour; the colour is never the only cue. `label` words it for one view (the open pool). */
export function StatusTag({ status, label }: { status: RequestStatus; label?: string }) {
  return (
    <Text className={`rq-status rq-status--${status}`} data-testid="status-tag">
      {label ?? REQUEST_STATUS_NAMES[status]}
    </Text>
  );
}
