/**
 * H5 only: the rem root size for Taro's pxtransform (designWidth 750, baseFontSize 20 → rootValue 40),
 * the same formula as Taro's default inline script, clamped to 20–40 px.
 */
const rootValuePx = 40;
const designWidthPx = 750;
const rootSizeMinPx = 20;
const rootSizeMaxPx = 40;

export function rootFontSizePx(viewportWidthPx: number, viewportHeightPx: number): number {
  const sides = [viewportWidthPx, viewportHeightPx].filter((side) => side > 0);
  const shortest = sides.length > 0 ? Math.min(...sides) : designWidthPx / 2;
  const size = (rootValuePx * shortest) / designWidthPx;
  return Math.min(rootSizeMaxPx, Math.max(rootSizeMinPx, size));
}

export function installRootFontSize(): void {
  const apply = () => {
    const root = document.documentElement;
    const rect = root.getBoundingClientRect();
    root.style.fontSize = `${rootFontSizePx(rect.width, rect.height)}px`;
  };
  window.addEventListener('resize', () => {
    apply();
    setTimeout(apply, 500);
  });
  apply();
}
