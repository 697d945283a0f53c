/** Zod-free, so the mini-program's main package can import it without pulling in zod. */

/**
 * The street's own details (name, official account 一个号, hotline, hours, logo). The admin edits
 * them (street_settings, GET/PUT /api/settings); these are the values a fresh database starts
 * with and what the app shows until the first answer arrives, so another street changes the
 * row, not the code.
 */
export interface StreetSettings {
  streetName: string;
  accountName: string;
  accountDescription: string;
  hotline: string;
  serviceHours: string;
  /** https address of the street's logo; '' shows none. */
  logoUrl: string;
}

export const DEFAULT_STREET_SETTINGS: StreetSettings = {
  streetName: '石楠街道',
  accountName: '石楠街道',
  accountDescription: '石楠街道办事处官方公众号：通知公告、政策解读、社区活动',
  hotline: '0931-8765 4300',
  serviceHours: '周一至周五 8:30–12:00，14:00–17:30',
  logoUrl: '',
};

/** Chinese names of the settings, for the form and the audit log. */
export const STREET_SETTING_NAMES: Record<keyof StreetSettings, string> = {
  streetName: '街道名称',
  accountName: '公众号名称',
  accountDescription: '公众号简介',
  hotline: '服务热线',
  serviceHours: '服务时间',
  logoUrl: '标志图片地址',
};


export const OFFICIAL_ARTICLE_PREFIX = 'https://mp.weixin.qq.com/';
