/** The home page's search box hands its words to the handbook tab (switchTab takes no query). */
export const PENDING_HANDBOOK_QUERY_KEY = 'sn:handbook-pending-q';
