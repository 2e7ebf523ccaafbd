// ua-parser-js 1.x: MIT. Its 2.x line is AGPL-3.0, which an MIT package cannot carry (ADR 0010).
import UAParser from 'ua-parser-js';

/** Device type (desktop, mobile, tablet, ...) and browser name from a User-Agent header. */
export const describeUserAgent = (
  userAgent: string | undefined,
): { deviceType: string | null; browser: string | null } => {
  if (!userAgent) return { deviceType: null, browser: null };
  const result = new UAParser(userAgent).getResult();
  // ua-parser-js leaves the type empty for ordinary computers
  const deviceType = result.device.type ?? 'desktop';
  const browser = result.browser.name ?? null;
  return { deviceType: deviceType.slice(0, 50), browser: browser ? browser.slice(0, 100) : null };
};
