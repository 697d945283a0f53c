/** 11月27日 09:30, in the street's zone, as residents read times (one format: lib/format.ts). */
export { formatDateTime } from '../../lib/format';
