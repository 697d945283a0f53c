import { OFFICIAL_ARTICLE_PREFIX } from '../../shared/official-account';
import { go } from './navigate';
import { PAGES } from '../../shared/pages';


/** weapp opens the article in a web-view page; H5 (a browser) opens it in a new tab. */
export function openArticle(url: string) {
  if (!url.startsWith(OFFICIAL_ARTICLE_PREFIX)) return;
  if (process.env.TARO_ENV === 'h5') {
    window.open(url, '_blank', 'noopener');
    return;
  }
  go(PAGES.links.article, { url });
}
