/*
 * web-assistant chat widget. Embed with one tag:
 *
 *   <script src="https://assistant.example.com/widget.js" data-profile="default" async></script>
 *
 * data-profile: widget profile name (default "default"); data-api: API origin (default:
 * this script's own origin). Dependency-free ES2019, served as is.
 *
 * The widget's own texts follow the profile's `language` (Russian or English). On narrow or
 * short screens the open panel is a full-screen sheet sized to the visual viewport, so the
 * input stays above the on-screen keyboard (docs/widget.md).
 *
 * Security notes: every piece of text from the server or the visitor is written with
 * textContent, never parsed as HTML; the avatar is shown only from an https URL; styles
 * live in a shadow root so the shop's CSS and ours cannot collide.
 */
(function () {
  'use strict';

  if (window.__webAssistantWidget) return; // embedded twice: keep the first
  window.__webAssistantWidget = true;

  var script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  if (!script) return;

  var PROFILE = script.getAttribute('data-profile') || 'default';
  var API = (script.getAttribute('data-api') || new URL(script.src, location.href).origin).replace(/\/+$/, '');
  var KEY = 'web-assistant:' + API + ':';
  var DEFAULT_COLOR = '#4CAF50';
  var SVG_NS = 'http://www.w3.org/2000/svg';

  // ---- storage: localStorage may be blocked (privacy modes, sandboxed frames) ----
  var memory = {};
  function load(name) {
    try {
      return window.localStorage.getItem(KEY + name);
    } catch (e) {
      return Object.prototype.hasOwnProperty.call(memory, name) ? memory[name] : null;
    }
  }
  function save(name, value) {
    try {
      if (value === null) window.localStorage.removeItem(KEY + name);
      else window.localStorage.setItem(KEY + name, value);
    } catch (e) {
      if (value === null) delete memory[name];
      else memory[name] = value;
    }
  }
  var sessionKey = 'session:' + PROFILE;

  // ---- API ----
  /** `fresh`: past the browser's HTTP cache (the profile answer is cacheable for a minute). */
  function request(method, path, body, fresh) {
    var headers = { Accept: 'application/json' };
    // the header carries the visitor token when third-party cookies are blocked
    var token = load('visitor_token');
    if (token) headers['X-Visitor-Token'] = token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(API + path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'include',
      cache: fresh ? 'no-cache' : 'default',
    }).then(function (res) {
      return res
        .json()
        .catch(function () {
          return {};
        })
        .then(function (data) {
          if (!res.ok) {
            var err = new Error((data && data.error && data.error.message) || 'HTTP ' + res.status);
            err.status = res.status;
            err.code = data && data.error ? data.error.code : undefined;
            throw err;
          }
          return data;
        });
    });
  }

  function newId() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
    return 'm-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2);
  }

  // ---- DOM helpers (no innerHTML anywhere) ----
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === 'text') node.textContent = attrs[k];
        else if (k === 'className') node.className = attrs[k];
        else node.setAttribute(k, attrs[k]);
      });
    }
    (children || []).forEach(function (c) {
      if (c) node.appendChild(c);
    });
    return node;
  }
  function icon(paths, size) {
    var svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', String(size || 24));
    svg.setAttribute('height', String(size || 24));
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    paths.forEach(function (d) {
      var p = document.createElementNS(SVG_NS, 'path');
      p.setAttribute('d', d);
      p.setAttribute('fill', 'currentColor');
      svg.appendChild(p);
    });
    return svg;
  }
  var ICON_CHAT = ['M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2zm3 5v2h10V9H7zm0 4v2h7v-2H7z'];
  var ICON_CLOSE = ['M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z'];
  var ICON_SEND = ['M3 20.5 21.5 12 3 3.5v6.6l13 1.9-13 1.9z'];
  var ICON_THUMB = [
    'M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6c-.4.4-.6.9-.6 1.4v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z',
  ];

  // ---- the widget's own texts, in each language a profile may name ----
  var RU_WEEKDAYS_ON = [
    'в воскресенье',
    'в понедельник',
    'во вторник',
    'в среду',
    'в четверг',
    'в пятницу',
    'в субботу',
  ];
  var TEXTS = {
    ru: {
      botName: 'Помощник',
      open: 'Открыть чат: ',
      collapse: 'Свернуть чат: ',
      dialog: 'Чат: ',
      end: 'Завершить',
      endChat: 'Завершить чат',
      close: 'Закрыть чат',
      botOnline: 'Бот на связи',
      peopleUntil: 'Операторы работают до {time}',
      peopleAroundTheClock: 'Операторы работают круглосуточно',
      peopleBackToday: 'Операторы вернутся сегодня в {time}',
      peopleBackTomorrow: 'Операторы вернутся завтра в {time}',
      peopleBackOn: 'Операторы вернутся {day} в {time}',
      peopleAwayNotice: 'Операторы сейчас не в сети. Бот отвечает круглосуточно — спросите его прямо сейчас.',
      log: 'Сообщения чата',
      typing: ' печатает…',
      placeholder: 'Напишите ваш вопрос...',
      yourMessage: 'Ваше сообщение',
      send: 'Отправить',
      you: 'Вы',
      rate: 'Оцените, пожалуйста, разговор',
      stars: 'Оценка {n} из 5',
      endWithoutRating: 'Завершить без оценки',
      newChat: 'Начать новый чат',
      thanksRated: 'Спасибо за оценку! Чат завершён.',
      thanksEnded: 'Чат завершён. Спасибо!',
      helpful: 'Ответ помог',
      helpfulThanks: 'Спасибо за отзыв!',
      welcome: 'Здравствуйте! Чем могу помочь?',
      tooMany: 'Слишком много сообщений подряд. Подождите минуту.',
      sendFailed: 'Не удалось отправить сообщение. Попробуйте ещё раз.',
      endFailed: 'Не удалось завершить чат. Попробуйте ещё раз.',
      weekdayOn: function (i) {
        return RU_WEEKDAYS_ON[i];
      },
      // Intl names Moscow time "GMT+3" in Russian; people there say МСК
      zones: { 'Europe/Moscow': 'МСК' },
    },
    en: {
      botName: 'Assistant',
      open: 'Open chat: ',
      collapse: 'Minimise chat: ',
      dialog: 'Chat: ',
      end: 'End',
      endChat: 'End chat',
      close: 'Close chat',
      botOnline: 'Bot online',
      peopleUntil: 'Operators work until {time}',
      peopleAroundTheClock: 'Operators work around the clock',
      peopleBackToday: 'Operators are back today at {time}',
      peopleBackTomorrow: 'Operators are back tomorrow at {time}',
      peopleBackOn: 'Operators are back {day} at {time}',
      peopleAwayNotice: 'Our operators are offline right now. The bot answers around the clock — ask it anything.',
      log: 'Chat messages',
      typing: ' is typing…',
      placeholder: 'Type your question…',
      yourMessage: 'Your message',
      send: 'Send',
      you: 'You',
      rate: 'Please rate this conversation',
      stars: 'Rating {n} of 5',
      endWithoutRating: 'End without rating',
      newChat: 'Start a new chat',
      thanksRated: 'Thank you for rating! The chat has ended.',
      thanksEnded: 'The chat has ended. Thank you!',
      helpful: 'This helped',
      helpfulThanks: 'Thanks for the feedback!',
      welcome: 'Hello! How can I help?',
      tooMany: 'Too many messages in a row. Please wait a minute.',
      sendFailed: 'The message was not sent. Please try again.',
      endFailed: 'The chat could not be ended. Please try again.',
      weekdayOn: function (i) {
        return 'on ' + ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][i];
      },
      zones: {},
    },
  };
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) {
      return values[key];
    });
  }

  // ---- who can answer: the bot always, people within the profile's business hours ----
  var WEEKDAY_INDEX = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
  /** "18:00 (МСК)" / "6:00 PM (GMT+3)" on the profile's clock, whatever the visitor's zone. */
  function clockTime(lang, texts, instant, timeZone) {
    var time = new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit', timeZone: timeZone }).format(
      instant,
    );
    var zone = texts.zones[timeZone];
    if (!zone) {
      var part = new Intl.DateTimeFormat(lang, { timeZone: timeZone, timeZoneName: 'short' })
        .formatToParts(instant)
        .filter(function (p) {
          return p.type === 'timeZoneName';
        })[0];
      zone = part ? part.value : timeZone;
    }
    return time + ' (' + zone + ')';
  }
  function calendarDay(instant, timeZone) {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone: timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(instant);
  }
  /** When people work or are back, or null when the profile has no hours to tell. */
  function peopleLine(lang, texts, people, now) {
    if (!people || !people.has_hours) return null;
    var timeZone = people.timezone || 'UTC';
    try {
      if (people.within_hours) {
        if (!people.closes_at) return texts.peopleAroundTheClock;
        return fill(texts.peopleUntil, { time: clockTime(lang, texts, new Date(people.closes_at), timeZone) });
      }
      if (!people.opens_at) return null;
      var opens = new Date(people.opens_at);
      var time = clockTime(lang, texts, opens, timeZone);
      var day = calendarDay(opens, timeZone);
      if (day === calendarDay(now, timeZone)) return fill(texts.peopleBackToday, { time: time });
      if (day === calendarDay(new Date(now.getTime() + 864e5), timeZone))
        return fill(texts.peopleBackTomorrow, { time: time });
      var weekday = new Intl.DateTimeFormat('en-US', { timeZone: timeZone, weekday: 'short' }).format(opens);
      return fill(texts.peopleBackOn, { day: texts.weekdayOn(WEEKDAY_INDEX[weekday]), time: time });
    } catch (e) {
      // an unknown zone or a bad date: say only what is sure
      return null;
    }
  }
  /** What the host says about people; a host from before `availability` sent only `online`. */
  function peopleOf(profile) {
    if (profile.availability && profile.availability.people) return profile.availability.people;
    return { has_hours: profile.online === false, within_hours: profile.online !== false };
  }

  function safeColor(value) {
    return typeof value === 'string' && /^#(?:[0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(value)
      ? value
      : DEFAULT_COLOR;
  }
  /** Black or white text, whichever reads better on the profile colour. */
  function textOn(hex) {
    var h = hex.slice(1);
    if (h.length === 3) h = h[0] + h[0] + h[1] + h[1] + h[2] + h[2];
    var rgb = [0, 2, 4].map(function (i) {
      var c = parseInt(h.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    var lum = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    return lum > 0.45 ? '#111111' : '#ffffff';
  }
  function httpsUrl(value) {
    if (typeof value !== 'string') return null;
    try {
      return new URL(value).protocol === 'https:' ? value : null;
    } catch (e) {
      return null;
    }
  }

  /*
   * Narrow or short screens (phones, upright or on their side) get the open panel as a
   * full-screen sheet. Its box follows the visual viewport (--wa-vv-*, set from
   * window.visualViewport), so when the on-screen keyboard takes the bottom of the screen
   * the input moves up with the visible area instead of staying under the keyboard.
   */
  var SHEET_QUERY = '(max-width: 520px), (max-height: 500px)';
  var CSS = [
    ':host{all:initial}',
    '*{box-sizing:border-box}',
    '.root{position:fixed;z-index:2147483000;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2328;-webkit-text-size-adjust:100%;text-size-adjust:100%}',
    '.pos-bottom-right{right:20px;bottom:20px}.pos-bottom-left{left:20px;bottom:20px}',
    '.pos-top-right{right:20px;top:20px}.pos-top-left{left:20px;top:20px}',
    '.launcher{width:60px;height:60px;border-radius:50%;border:0;cursor:pointer;background:var(--wa-primary);color:var(--wa-on-primary);',
    'box-shadow:0 6px 20px rgba(0,0,0,.22);display:flex;align-items:center;justify-content:center;transition:transform .15s ease;touch-action:manipulation}',
    '.launcher:hover{transform:scale(1.06)}',
    '.launcher:focus-visible,button:focus-visible,textarea:focus-visible,.log:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}',
    '.panel{position:absolute;width:370px;max-width:calc(100vw - 24px);height:540px;max-height:calc(100vh - 110px);max-height:calc(100dvh - 110px);background:#fff;border-radius:16px;',
    'box-shadow:0 12px 40px rgba(0,0,0,.25);display:flex;flex-direction:column;overflow:hidden}',
    '.panel:focus{outline:none}',
    '.panel[hidden]{display:none}',
    '.pos-bottom-right .panel{right:0;bottom:76px}.pos-bottom-left .panel{left:0;bottom:76px}',
    '.pos-top-right .panel{right:0;top:76px}.pos-top-left .panel{left:0;top:76px}',
    '.header{background:var(--wa-primary);color:var(--wa-on-primary);padding:12px 8px 12px 16px;display:flex;align-items:center;gap:8px;flex:none}',
    '.avatar{width:38px;height:38px;border-radius:50%;flex:none;object-fit:cover;background:rgba(255,255,255,.25);display:flex;align-items:center;justify-content:center;font-weight:600;font-size:17px}',
    '.who{flex:1;min-width:0}',
    '.title{font-weight:600;font-size:16px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}',
    '.status{font-size:12.5px;line-height:1.35;opacity:.92}',
    '.dot{width:8px;height:8px;border-radius:50%;background:#7CFC9A;display:inline-block;margin-right:6px;vertical-align:1px;box-shadow:0 0 0 1px rgba(0,0,0,.15)}',
    '.hbtn{background:transparent;border:0;color:inherit;cursor:pointer;border-radius:8px;min-width:36px;min-height:36px;padding:6px;display:flex;align-items:center;justify-content:center;font:inherit;font-size:13px;flex:none;touch-action:manipulation}',
    '.hbtn:hover{background:rgba(255,255,255,.18)}',
    '.end{border:1px solid currentColor;min-height:32px;padding:4px 10px;opacity:.95}',
    '.end[hidden]{display:none}',
    '.notice{background:#fff8e1;color:#5d4500;border-bottom:1px solid #f3e2a9;padding:10px 16px;font-size:13.5px;flex:none}',
    '.notice[hidden]{display:none}',
    '.notice .when{display:block;margin-top:2px;font-weight:600}',
    '.hours{background:#f6f7f9;color:#4a5560;border-bottom:1px solid #e6e8eb;padding:6px 16px;font-size:12.5px;flex:none}',
    '.hours[hidden]{display:none}',
    '.log{flex:1;min-height:0;overflow-y:auto;overscroll-behavior:contain;-webkit-overflow-scrolling:touch;padding:16px;background:#f6f7f9;display:flex;flex-direction:column;gap:10px}',
    '.msg{max-width:82%;padding:9px 13px;border-radius:14px;white-space:pre-wrap;overflow-wrap:anywhere}',
    '.msg.assistant{align-self:flex-start;background:#fff;border:1px solid #e3e6ea;border-bottom-left-radius:4px}',
    '.msg.user{align-self:flex-end;background:var(--wa-primary);color:var(--wa-on-primary);border-bottom-right-radius:4px}',
    '.msg.system{align-self:center;background:transparent;color:#6a737d;font-size:13px;text-align:center}',
    '.msg.error{align-self:center;color:#b3261e;font-size:13px;background:#fdecea;border-radius:10px}',
    '.helpful{display:flex;align-items:center;gap:5px;margin-top:6px;border:0;background:transparent;color:#5f6b76;font:inherit;font-size:12.5px;cursor:pointer;padding:2px 0;min-height:24px}',
    '.helpful:hover{color:#1f2328;text-decoration:underline}',
    '.typing{align-self:flex-start;color:#6a737d;font-size:13px;padding:2px 4px}',
    '.typing[hidden]{display:none}',
    '.form{display:flex;gap:8px;padding:10px 12px;border-top:1px solid #e6e8eb;background:#fff;align-items:flex-end;flex:none}',
    '.form[hidden]{display:none}',
    'textarea{flex:1;min-width:0;resize:none;border:1px solid #cfd4da;border-radius:12px;padding:9px 12px;font:inherit;color:inherit;max-height:110px;min-height:40px;background:#fff}',
    'textarea:focus{border-color:var(--wa-primary)}',
    // a text field shows :focus-visible even after a tap; a thinner ring is enough beside the border
    'textarea:focus-visible{outline-width:2px;outline-offset:1px}',
    '.send{width:40px;height:40px;flex:none;border:0;border-radius:50%;background:var(--wa-primary);color:var(--wa-on-primary);cursor:pointer;display:flex;align-items:center;justify-content:center;touch-action:manipulation}',
    '.send:disabled{opacity:.5;cursor:default}',
    '.rating,.done{padding:16px;border-top:1px solid #e6e8eb;background:#fff;text-align:center;flex:none}',
    '.rating[hidden],.done[hidden]{display:none}',
    '.rating p,.done p{margin:0 0 10px}',
    '.stars{display:flex;justify-content:center;gap:6px;margin-bottom:8px}',
    '.star{width:44px;height:44px;border:1px solid #d5d9de;border-radius:10px;background:#fff;cursor:pointer;font-size:22px;color:#f5a623;line-height:1;touch-action:manipulation}',
    '.star:hover,.star:focus-visible{background:#fff6e0}',
    '.link{border:0;background:transparent;color:#4a5560;text-decoration:underline;cursor:pointer;font:inherit;font-size:13.5px;min-height:32px}',
    '.primary{border:0;border-radius:10px;padding:9px 16px;min-height:44px;background:var(--wa-primary);color:var(--wa-on-primary);cursor:pointer;font:inherit}',
    '.sr{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}',
    // fingers need bigger targets than a mouse; 16px text keeps iOS from zooming into the input
    '@media (pointer:coarse){.hbtn{min-width:44px;min-height:44px}.end{min-height:36px}.send{width:44px;height:44px}',
    'textarea{font-size:16px;min-height:44px}.helpful{min-height:32px}.link{min-height:44px}}',
    '@media ' + SHEET_QUERY + '{',
    '.pos-bottom-right,.pos-top-right{right:max(16px,env(safe-area-inset-right))}.pos-bottom-left,.pos-top-left{left:max(16px,env(safe-area-inset-left))}',
    '.pos-bottom-right,.pos-bottom-left{bottom:max(16px,env(safe-area-inset-bottom))}.pos-top-right,.pos-top-left{top:max(16px,env(safe-area-inset-top))}',
    '.root .panel{position:fixed;left:var(--wa-vv-left,0px);top:var(--wa-vv-top,0px);right:auto;bottom:auto;width:var(--wa-vv-width,100%);max-width:none;',
    'height:100vh;height:100dvh;height:var(--wa-vv-height,100dvh);max-height:none;border-radius:0;box-shadow:none}',
    '.header{padding-top:max(10px,env(safe-area-inset-top));padding-bottom:10px}',
    '.form{padding-bottom:max(10px,env(safe-area-inset-bottom))}',
    // the sheet covers the launcher's corner; its header has the close button
    '.open .launcher{display:none}',
    '}',
    '@media (prefers-reduced-motion:reduce){.launcher{transition:none}}',
  ].join('\n');

  function adoptStyles(root) {
    // a constructed sheet needs no inline <style>, so it also works under a strict CSP
    try {
      if (
        'adoptedStyleSheets' in root &&
        typeof CSSStyleSheet === 'function' &&
        'replaceSync' in CSSStyleSheet.prototype
      ) {
        var sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
        root.adoptedStyleSheets = [sheet];
        return;
      }
    } catch (e) {
      /* fall through to a <style> element */
    }
    root.appendChild(el('style', { text: CSS }));
  }

  // ---- the widget ----
  function Widget(profile) {
    this.profile = profile;
    this.lang = Object.prototype.hasOwnProperty.call(TEXTS, profile.language) ? profile.language : 'ru';
    this.t = TEXTS[this.lang];
    this.botName = profile.bot_name || this.t.botName;
    this.sessionUuid = load(sessionKey);
    this.busy = false;
    this.hasUserMessages = false;
    this.build();
  }

  Widget.prototype.build = function () {
    var self = this;
    var p = this.profile;
    var t = this.t;
    var color = safeColor(p.primary_color);
    var position = /^(bottom|top)-(left|right)$/.test(p.position || '') ? p.position : 'bottom-right';

    this.host = el('div', { id: 'web-assistant-widget' });
    this.host.style.setProperty('--wa-primary', color);
    this.host.style.setProperty('--wa-on-primary', textOn(color));
    var root = this.host.attachShadow({ mode: 'open' });
    adoptStyles(root);

    this.launcher = el(
      'button',
      {
        type: 'button',
        className: 'launcher',
        'aria-label': t.open + this.botName,
        'aria-expanded': 'false',
        'aria-controls': 'wa-panel',
      },
      [icon(ICON_CHAT, 28)],
    );

    var avatarUrl = httpsUrl(p.bot_avatar_url);
    var avatar = avatarUrl
      ? el('img', { className: 'avatar', src: avatarUrl, alt: '', referrerpolicy: 'no-referrer' })
      : el('div', {
          className: 'avatar',
          'aria-hidden': 'true',
          text: this.botName.trim().charAt(0).toUpperCase() || '?',
        });

    this.statusText = el('span', { className: 'status-text' });
    this.endButton = el('button', {
      type: 'button',
      className: 'hbtn end',
      text: t.end,
      'aria-label': t.endChat,
    });
    this.endButton.hidden = true;
    this.closeButton = el('button', { type: 'button', className: 'hbtn', 'aria-label': t.close }, [
      icon(ICON_CLOSE, 20),
    ]);
    var header = el('div', { className: 'header' }, [
      avatar,
      el('div', { className: 'who' }, [
        el('div', { className: 'title', text: this.botName }),
        el('div', { className: 'status' }, [el('span', { className: 'dot', 'aria-hidden': 'true' }), this.statusText]),
      ]),
      this.endButton,
      this.closeButton,
    ]);

    // within the hours: when people leave; outside them: the offline message and when they are back
    this.hours = el('div', { className: 'hours' });
    this.hours.hidden = true;
    this.noticeText = el('span');
    this.noticeWhen = el('span', { className: 'when' });
    this.notice = el('div', { className: 'notice', role: 'status' }, [this.noticeText, this.noticeWhen]);
    this.notice.hidden = true;

    this.log = el('div', {
      className: 'log',
      role: 'log',
      'aria-live': 'polite',
      'aria-label': t.log,
      tabindex: '0',
    });
    this.typing = el('div', { className: 'typing', 'aria-hidden': 'true', text: this.botName + t.typing });
    this.typing.hidden = true;

    this.input = el('textarea', {
      id: 'wa-input',
      rows: '1',
      maxlength: '10000',
      placeholder: p.placeholder_text || t.placeholder,
      autocomplete: 'off',
      enterkeyhint: 'send',
    });
    this.sendButton = el('button', { type: 'submit', className: 'send', 'aria-label': t.send }, [icon(ICON_SEND, 20)]);
    this.form = el('form', { className: 'form' }, [
      el('label', { className: 'sr', for: 'wa-input', text: t.yourMessage }),
      this.input,
      this.sendButton,
    ]);

    var stars = [];
    for (var n = 1; n <= 5; n++) {
      stars.push(
        el('button', {
          type: 'button',
          className: 'star',
          'data-rating': String(n),
          'aria-label': fill(t.stars, { n: n }),
          text: '★',
        }),
      );
    }
    this.rating = el('div', { className: 'rating' }, [
      el('p', { id: 'wa-rate-title', text: t.rate }),
      el('div', { className: 'stars', role: 'group', 'aria-labelledby': 'wa-rate-title' }, stars),
      el('button', { type: 'button', className: 'link', 'data-rating': '', text: t.endWithoutRating }),
    ]);
    this.rating.hidden = true;

    this.doneText = el('p', { text: t.thanksEnded });
    this.newChatButton = el('button', { type: 'button', className: 'primary', text: t.newChat });
    this.done = el('div', { className: 'done', role: 'status' }, [this.doneText, this.newChatButton]);
    this.done.hidden = true;

    this.panel = el(
      'div',
      // tabindex -1: on touch screens opening focuses the dialog, not the input (see open)
      { className: 'panel', id: 'wa-panel', role: 'dialog', 'aria-label': t.dialog + this.botName, tabindex: '-1' },
      [header, this.hours, this.notice, this.log, this.typing, this.form, this.rating, this.done],
    );
    this.panel.hidden = true;

    this.frame = el('div', { className: 'root pos-' + position, lang: this.lang }, [this.panel, this.launcher]);
    root.appendChild(this.frame);
    document.body.appendChild(this.host);
    this.showAvailability(p);

    this.launcher.addEventListener('click', function () {
      if (self.panel.hidden) self.open(true);
      else self.close();
    });
    this.closeButton.addEventListener('click', function () {
      self.close();
    });
    this.panel.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') {
        e.preventDefault();
        self.close();
      }
    });
    this.form.addEventListener('submit', function (e) {
      e.preventDefault();
      self.send();
    });
    this.input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        self.send();
      }
    });
    this.input.addEventListener('input', function () {
      self.input.style.height = 'auto';
      self.input.style.height = Math.min(self.input.scrollHeight, 110) + 'px';
    });
    this.endButton.addEventListener('click', function () {
      if (self.busy) return;
      self.askRating();
    });
    this.rating.addEventListener('click', function (e) {
      var target = e.target;
      if (!target || !target.hasAttribute || !target.hasAttribute('data-rating')) return;
      var value = target.getAttribute('data-rating');
      self.finish(value ? Number(value) : null);
    });
    this.newChatButton.addEventListener('click', function () {
      self.resetChat();
      self.input.focus();
    });
  };

  Widget.prototype.start = function () {
    var self = this;
    if (this.sessionUuid) {
      this.restore();
    } else {
      this.showWelcome();
    }
    if (load('open') === '1') this.open(false);
    var delay = Number(this.profile.auto_open_delay);
    var dismissed = false;
    try {
      dismissed = window.sessionStorage.getItem(KEY + 'dismissed') === '1';
    } catch (e) {
      /* no sessionStorage: auto-open stays on */
    }
    if (delay > 0 && !dismissed && load('open') !== '1') {
      setTimeout(function () {
        // opening by itself must not pull the keyboard focus away from what the visitor is doing;
        // on a phone a sheet that covers the page unasked would hide the shop, so it waits for a tap
        if (self.panel.hidden && !matches(SHEET_QUERY)) self.open(false);
      }, delay * 1000);
    }
  };

  function matches(query) {
    return typeof window.matchMedia === 'function' && window.matchMedia(query).matches;
  }

  Widget.prototype.open = function (moveFocus) {
    this.panel.hidden = false;
    this.frame.classList.add('open');
    this.launcher.setAttribute('aria-expanded', 'true');
    this.launcher.setAttribute('aria-label', this.t.collapse + this.botName);
    save('open', '1');
    this.followViewport(true);
    this.scrollDown();
    if (moveFocus) {
      // a touch screen would raise its keyboard over half the sheet before the visitor has
      // read it; focusing the dialog still tells a screen reader where it is
      if (matches('(pointer: coarse)')) this.panel.focus();
      else if (!this.form.hidden) this.input.focus();
      else if (!this.rating.hidden) this.rating.querySelector('.star').focus();
      else this.newChatButton.focus();
    }
  };

  Widget.prototype.close = function () {
    this.panel.hidden = true;
    this.frame.classList.remove('open');
    this.followViewport(false);
    this.launcher.setAttribute('aria-expanded', 'false');
    this.launcher.setAttribute('aria-label', this.t.open + this.botName);
    save('open', null);
    try {
      window.sessionStorage.setItem(KEY + 'dismissed', '1');
    } catch (e) {
      /* ignore */
    }
    this.launcher.focus();
  };

  Widget.prototype.scrollDown = function () {
    this.log.scrollTop = this.log.scrollHeight;
  };

  /**
   * While the panel is open, keeps --wa-vv-* equal to the visual viewport: the part of the
   * page the visitor sees, which shrinks when an on-screen keyboard opens (the layout
   * viewport, which position:fixed and 100vh follow, does not in most mobile browsers).
   */
  Widget.prototype.followViewport = function (on) {
    var viewport = window.visualViewport;
    if (!viewport) return;
    var self = this;
    if (on && !this.onViewportChange) {
      this.onViewportChange = function () {
        self.fitToViewport(viewport);
      };
      viewport.addEventListener('resize', this.onViewportChange);
      viewport.addEventListener('scroll', this.onViewportChange);
      this.fitToViewport(viewport);
    } else if (!on && this.onViewportChange) {
      viewport.removeEventListener('resize', this.onViewportChange);
      viewport.removeEventListener('scroll', this.onViewportChange);
      this.onViewportChange = null;
    }
  };

  Widget.prototype.fitToViewport = function (viewport) {
    var log = this.log;
    // the newest message stays in sight when the keyboard takes away the bottom of the sheet
    var atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 24;
    var style = this.host.style;
    style.setProperty('--wa-vv-top', viewport.offsetTop + 'px');
    style.setProperty('--wa-vv-left', viewport.offsetLeft + 'px');
    style.setProperty('--wa-vv-width', viewport.width + 'px');
    style.setProperty('--wa-vv-height', viewport.height + 'px');
    if (atBottom) this.scrollDown();
  };

  /** The status line and the notice: the bot always answers; people by the business hours. */
  Widget.prototype.showAvailability = function (profile) {
    var t = this.t;
    var people = peopleOf(profile);
    var line = peopleLine(this.lang, t, people, new Date());
    var away = !!people.has_hours && !people.within_hours;
    this.statusText.textContent = t.botOnline;
    this.hours.textContent = line || '';
    this.hours.hidden = away || !line;
    this.noticeText.textContent = profile.offline_message || t.peopleAwayNotice;
    this.noticeWhen.textContent = line ? line + '.' : '';
    this.notice.hidden = !away;
    this.scheduleAvailabilityCheck(people);
  };

  /**
   * Asks the host again when the hours next open or close, so a page left open over the
   * evening does not keep saying the operators are in. At least a minute apart (the answer
   * is cached for as long), at most a day.
   */
  Widget.prototype.scheduleAvailabilityCheck = function (people) {
    var self = this;
    clearTimeout(this.availabilityTimer);
    var next = people.within_hours ? people.closes_at : people.opens_at;
    if (!people.has_hours || !next) return;
    var wait = Math.min(Math.max(new Date(next).getTime() - Date.now() + 5000, 60000), 864e5);
    if (!(wait > 0)) return;
    this.availabilityTimer = setTimeout(function () {
      request('GET', '/api/widget/' + encodeURIComponent(PROFILE), undefined, true)
        .then(function (profile) {
          self.showAvailability(profile);
        })
        .catch(function () {
          // keep what is shown and try again later
          self.scheduleAvailabilityCheck(people);
        });
    }, wait);
  };

  Widget.prototype.addMessage = function (role, text, extra) {
    var speaker = role === 'user' ? this.t.you : role === 'assistant' ? this.botName : '';
    var bubble = el('div', { className: 'msg ' + role });
    if (speaker) bubble.appendChild(el('span', { className: 'sr', text: speaker + ': ' }));
    bubble.appendChild(document.createTextNode(String(text)));
    if (extra && extra.source === 'faq' && extra.knowledgeId) this.addHelpful(bubble, extra.knowledgeId);
    this.log.appendChild(bubble);
    this.scrollDown();
    return bubble;
  };

  Widget.prototype.addHelpful = function (bubble, knowledgeId) {
    var t = this.t;
    var label = el('span', { text: t.helpful });
    var button = el('button', { type: 'button', className: 'helpful' }, [icon(ICON_THUMB, 14), label]);
    button.addEventListener('click', function () {
      button.disabled = true;
      request('POST', '/api/faq/' + encodeURIComponent(knowledgeId) + '/helpful', {})
        .then(function () {
          label.textContent = t.helpfulThanks;
        })
        .catch(function () {
          button.disabled = false;
        });
    });
    bubble.appendChild(button);
  };

  Widget.prototype.showWelcome = function () {
    this.addMessage('assistant', this.profile.welcome_message || this.t.welcome);
  };

  Widget.prototype.restore = function () {
    var self = this;
    return request('GET', '/api/chat/history?session_uuid=' + encodeURIComponent(this.sessionUuid))
      .then(function (data) {
        if (!data.session || !data.session.is_active) throw new Error('ended');
        self.log.textContent = '';
        data.messages.forEach(function (m) {
          if (m.role === 'user') self.hasUserMessages = true;
          self.addMessage(m.role, m.content, { source: m.source, knowledgeId: m.knowledge_id });
        });
        self.endButton.hidden = !self.hasUserMessages;
      })
      .catch(function () {
        // an ended, foreign or forgotten session: begin again rather than show an error
        self.sessionUuid = null;
        save(sessionKey, null);
        self.log.textContent = '';
        self.showWelcome();
      });
  };

  Widget.prototype.ensureSession = function () {
    var self = this;
    if (this.sessionUuid) return Promise.resolve(this.sessionUuid);
    var page = /^https?:/.test(location.href) ? location.href.slice(0, 500) : null;
    return request('POST', '/api/chat/start', { widget_profile: this.profile.name, page_url: page }).then(
      function (data) {
        save('visitor_id', data.visitor_id);
        save('visitor_token', data.visitor_token);
        self.sessionUuid = data.session_uuid;
        save(sessionKey, data.session_uuid);
        return data.session_uuid;
      },
    );
  };

  Widget.prototype.send = function () {
    var self = this;
    var text = this.input.value.trim();
    if (!text || this.busy) return;
    this.busy = true;
    this.sendButton.disabled = true;
    // ending the chat while a reply is on its way would lose that reply
    this.endButton.disabled = true;
    this.input.value = '';
    this.input.style.height = '';
    this.addMessage('user', text);
    this.hasUserMessages = true;
    this.typing.hidden = false;
    this.log.setAttribute('aria-busy', 'true');
    var clientMessageId = newId();
    var attempt = function (retried) {
      return self.ensureSession().then(function (sessionUuid) {
        return request('POST', '/api/chat/message', {
          session_uuid: sessionUuid,
          message: text,
          client_message_id: clientMessageId,
        }).catch(function (err) {
          // the chat ended elsewhere or was forgotten by the server: continue in a new one, once
          if (!retried && (err.status === 404 || err.status === 409 || err.status === 403)) {
            self.sessionUuid = null;
            save(sessionKey, null);
            return attempt(true);
          }
          throw err;
        });
      });
    };
    attempt(false)
      .then(function (reply) {
        self.addMessage('assistant', reply.answer, { source: reply.source, knowledgeId: reply.knowledge_id });
        self.endButton.hidden = false;
      })
      .catch(function (err) {
        var message = err && err.status === 429 ? self.t.tooMany : self.t.sendFailed;
        self.addMessage('error', message);
        self.input.value = text;
      })
      .then(function () {
        self.busy = false;
        self.sendButton.disabled = false;
        self.endButton.disabled = false;
        self.typing.hidden = true;
        self.log.removeAttribute('aria-busy');
        self.input.focus();
      });
  };

  Widget.prototype.askRating = function () {
    if (!this.sessionUuid) return;
    this.form.hidden = true;
    this.endButton.hidden = true;
    this.rating.hidden = false;
    this.rating.querySelector('.star').focus();
  };

  Widget.prototype.finish = function (rating) {
    var self = this;
    var buttons = this.rating.querySelectorAll('button');
    Array.prototype.forEach.call(buttons, function (b) {
      b.disabled = true;
    });
    request('POST', '/api/chat/end', { session_uuid: this.sessionUuid, rating: rating })
      .catch(function (err) {
        // already ended is as good as ended
        if (err.status !== 409 && err.status !== 404) throw err;
      })
      .then(function () {
        self.sessionUuid = null;
        save(sessionKey, null);
        self.rating.hidden = true;
        self.doneText.textContent = rating ? self.t.thanksRated : self.t.thanksEnded;
        self.done.hidden = false;
        self.newChatButton.focus();
      })
      .catch(function () {
        self.addMessage('error', self.t.endFailed);
      })
      .then(function () {
        Array.prototype.forEach.call(buttons, function (b) {
          b.disabled = false;
        });
      });
  };

  Widget.prototype.resetChat = function () {
    this.done.hidden = true;
    this.rating.hidden = true;
    this.form.hidden = false;
    this.hasUserMessages = false;
    this.endButton.hidden = true;
    this.log.textContent = '';
    this.showWelcome();
  };

  function boot() {
    request('GET', '/api/widget/' + encodeURIComponent(PROFILE))
      .then(function (profile) {
        var widget = new Widget(profile);
        widget.start();
      })
      .catch(function (err) {
        if (window.console)
          window.console.warn('web-assistant: widget profile "' + PROFILE + '" not loaded:', err.message);
      });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
  else boot();
})();
