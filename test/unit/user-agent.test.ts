/** What the host stores as `device_type` and `browser` for the User-Agent headers shops see most. */
import { describe, expect, it } from 'vitest';
import { describeUserAgent } from '../../adapters/http/user-agent.js';

const cases: ReadonlyArray<readonly [string, string, string | null]> = [
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
    'mobile',
    'Mobile Safari',
  ],
  [
    'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
    'tablet',
    'Mobile Safari',
  ],
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    'desktop',
    'Chrome',
  ],
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 YaBrowser/24.4.0.0 Safari/537.36',
    'desktop',
    'Yandex',
  ],
  ['Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0', 'desktop', 'Firefox'],
  [
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36',
    'mobile',
    'Samsung Internet',
  ],
  [
    'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    'tablet',
    'Chrome',
  ],
  ['curl/8.5.0', 'desktop', null],
];

describe('describeUserAgent', () => {
  for (const [userAgent, deviceType, browser] of cases) {
    it(`${deviceType} ${browser ?? '(no browser)'}: ${userAgent.slice(0, 48)}…`, () => {
      expect(describeUserAgent(userAgent)).toEqual({ deviceType, browser });
    });
  }

  it('leaves both empty without a header', () => {
    expect(describeUserAgent(undefined)).toEqual({ deviceType: null, browser: null });
    expect(describeUserAgent('')).toEqual({ deviceType: null, browser: null });
  });
});
