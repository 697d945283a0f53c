import fs from 'node:fs';
import path from 'node:path';

/** config/strip-nutui-css-loader.cjs: what it drops from NutUI's CSS (issue 20) and what it must keep. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const strip = require('../../config/strip-nutui-css-loader.cjs') as (source: string) => string;

const NUTUI = path.join(__dirname, '..', '..', 'node_modules', '@nutui', 'nutui-react-taro', 'dist');

test("the theme loses its JDZH base64 fonts and keeps every custom property", () => {
  const theme = fs.readFileSync(path.join(NUTUI, 'styles', 'themes', 'default.css'), 'utf8');
  const out = strip(theme);
  expect(theme).toMatch(/@font-face\s*\{[^}]*JDZH-Regular/);
  expect(out).not.toMatch(/@font-face/);
  expect(out).not.toMatch(/base64/);
  expect(theme.length - out.length).toBeGreaterThan(16_000);
  const vars = (css: string) => (css.match(/--nutui-[\w-]+(?=:)/g) ?? []).sort();
  expect(vars(out)).toEqual(vars(theme));
});

test('RTL-only rules go, a rule listing RTL and normal selectors keeps the normal ones', () => {
  const css = [
    '.nut-button{color:red}',
    '.nut-rtl .nut-button__icon,[dir=rtl] .nut-button__icon{margin-right:4px}',
    '.nut-button__icon,[dir=rtl] .nut-x{margin-left:4px}',
    '@media (min-width:1px){[dir=rtl] .nut-a{left:0}.nut-a{right:0}}',
    "@font-face{font-family:'Other';src:url(x.woff2)}",
  ].join('');
  const out = strip(css);
  expect(out).toContain('.nut-button{color:red}');
  expect(out).toContain('.nut-button__icon{margin-left:4px}');
  expect(out).toContain('.nut-a{right:0}');
  expect(out).not.toMatch(/rtl/);
  // Only the JD digit fonts are unused; another face stays.
  expect(out).toContain("font-family:'Other'");
});

test("a real component stylesheet loses its RTL rules and nothing else", () => {
  const button = fs.readFileSync(path.join(NUTUI, 'es', 'packages', 'button', 'style', 'style.css'), 'utf8');
  const out = strip(button);
  expect(button).toMatch(/rtl/);
  expect(out).not.toMatch(/nut-rtl|dir=rtl/);
  expect(out).toContain('.nut-button');
  expect(out.length).toBeGreaterThan(button.length * 0.8);
});
