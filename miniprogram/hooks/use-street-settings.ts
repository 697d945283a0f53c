import { DEFAULT_STREET_SETTINGS, type StreetSettings } from '../../shared/official-account';
import { settingsApi } from '../api/content';
import { useQuery } from './use-query';

/** The last answer, shared by every page, so a page opened later starts with it rather than the defaults. */
let last: StreetSettings = DEFAULT_STREET_SETTINGS;

/**
 * The street's name, official account, hotline, hours and logo as the admin set them
 * (GET /api/settings). Until the answer arrives (or if it fails) the last one known, or the
 * defaults, so a page never waits on them.
 */
export function useStreetSettings(): StreetSettings {
  const q = useQuery('street-settings', async () => {
    last = await settingsApi.get();
    return last;
  }, { reloadOnShow: true });
  return q.data ?? last;
}
