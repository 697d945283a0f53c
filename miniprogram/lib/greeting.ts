/** Time-of-day greeting in the street's zone (Asia/Shanghai), whatever the phone's zone. */
export function greetingNow(now = new Date()): string {
  const hour = (now.getUTCHours() + 8) % 24;
  if (hour < 6) return '夜深了';
  if (hour < 11) return '上午好';
  if (hour < 13) return '中午好';
  if (hour < 18) return '下午好';
  return '晚上好';
}
