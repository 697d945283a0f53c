/**
 * Trims NutUI's stylesheets before css-loader sees them (enforce: 'pre'), for weapp and H5:
 *
 * - the theme's two JD digit fonts (JDZH-Regular/-Bold, 16.7 KB of base64 TTF): the app shows
 *   no NutUI price, badge count or countdown, so no glyph of them is ever drawn, yet the main
 *   package and the H5 first screen carried them; a component naming the family falls back
 *   to the system font;
 * - right-to-left rules (`.nut-rtl …`, `[dir=rtl] …`): the app is Chinese only and never sets
 *   either, ~10 % of each component's CSS.
 */
const postcss = require('postcss');

const RTL = /\.nut-rtl\b|\[dir=rtl\]/;

module.exports = function stripNutuiCss(source) {
  const root = postcss.parse(String(source));
  root.walkAtRules('font-face', (rule) => {
    if (/font-family:\s*["']?JDZH-/.test(rule.toString())) rule.remove();
  });
  root.walkRules((rule) => {
    const keep = rule.selectors.filter((s) => !RTL.test(s));
    if (keep.length === 0) rule.remove();
    else if (keep.length < rule.selectors.length) rule.selectors = keep;
  });
  return root.toString();
};
