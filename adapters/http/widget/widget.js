/*
 * web-assistant chat widget. Embed with one tag:
 *
 *   <script src="https://assistant.example.com/widget.js" data-profile="default" async></script>
 *
 * data-profile: widget profile name (default "default"); data-api: API origin (default:
 * this script's own origin). Dependency-free ES2019, served as is.
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
  function request(method, path, body) {
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

  var CSS = [
    ':host{all:initial}',
    '*{box-sizing:border-box}',
    '.root{position:fixed;z-index:2147483000;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2328}',
    '.pos-bottom-right{right:20px;bottom:20px}.pos-bottom-left{left:20px;bottom:20px}',
    '.pos-top-right{right:20px;top:20px}.pos-top-left{left:20px;top:20px}',
    '.launcher{width:60px;height:60px;border-radius:50%;border:0;cursor:pointer;background:var(--wa-primary);color:var(--wa-on-primary);',
    'box-shadow:0 6px 20px rgba(0,0,0,.22);display:flex;align-items:center;justify-content:center;transition:transform .15s ease}',
    '.launcher:hover{transform:scale(1.06)}',
    '.launcher:focus-visible,button:focus-visible,textarea:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}',
    '.panel{position:absolute;width:370px;max-width:calc(100vw - 24px);height:540px;max-height:calc(100vh - 110px);background:#fff;border-radius:16px;',
    'box-shadow:0 12px 40px rgba(0,0,0,.25);display:flex;flex-direction:column;overflow:hidden}',
    '.panel[hidden]{display:none}',
    '.pos-bottom-right .panel{right:0;bottom:76px}.pos-bottom-left .panel{left:0;bottom:76px}',
    '.pos-top-right .panel{right:0;top:76px}.pos-top-left .panel{left:0;top:76px}',
    '.header{background:var(--wa-primary);color:var(--wa-on-primary);padding:14px 14px 14px 16px;display:flex;align-items:center;gap:10px}',
    '.avatar{width:38px;height:38px;border-radius:50%;flex:none;object-fit:cover;background:rgba(255,255,255,.25);display:flex;align-items:center;justify-content:center;font-weight:600;font-size:17px}',
    '.who{flex:1;min-width:0}',
    '.title{font-weight:600;font-size:16px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}',
    '.status{font-size:12.5px;opacity:.92;display:flex;align-items:center;gap:6px}',
    '.dot{width:8px;height:8px;border-radius:50%;background:#7CFC9A;display:inline-block}.offline .dot{background:#d0d0d0}',
    '.hbtn{background:transparent;border:0;color:inherit;cursor:pointer;border-radius:8px;padding:6px;display:flex;align-items:center;font:inherit;font-size:13px}',
    '.hbtn:hover{background:rgba(255,255,255,.18)}',
    '.end{border:1px solid currentColor;padding:4px 10px;opacity:.95}',
    '.end[hidden]{display:none}',
    '.notice{background:#fff8e1;color:#5d4500;border-bottom:1px solid #f3e2a9;padding:10px 16px;font-size:13.5px}',
    '.notice[hidden]{display:none}',
    '.log{flex:1;overflow-y:auto;padding:16px;background:#f6f7f9;display:flex;flex-direction:column;gap:10px}',
    '.msg{max-width:82%;padding:9px 13px;border-radius:14px;white-space:pre-wrap;overflow-wrap:anywhere}',
    '.msg.assistant{align-self:flex-start;background:#fff;border:1px solid #e3e6ea;border-bottom-left-radius:4px}',
    '.msg.user{align-self:flex-end;background:var(--wa-primary);color:var(--wa-on-primary);border-bottom-right-radius:4px}',
    '.msg.system{align-self:center;background:transparent;color:#6a737d;font-size:13px;text-align:center}',
    '.msg.error{align-self:center;color:#b3261e;font-size:13px;background:#fdecea;border-radius:10px}',
    '.helpful{display:flex;align-items:center;gap:5px;margin-top:6px;border:0;background:transparent;color:#5f6b76;font:inherit;font-size:12.5px;cursor:pointer;padding:2px 0}',
    '.helpful:hover{color:#1f2328;text-decoration:underline}',
    '.typing{align-self:flex-start;color:#6a737d;font-size:13px;padding:2px 4px}',
    '.typing[hidden]{display:none}',
    '.form{display:flex;gap:8px;padding:10px 12px;border-top:1px solid #e6e8eb;background:#fff;align-items:flex-end}',
    '.form[hidden]{display:none}',
    'textarea{flex:1;resize:none;border:1px solid #cfd4da;border-radius:12px;padding:9px 12px;font:inherit;color:inherit;max-height:110px;min-height:40px;background:#fff}',
    'textarea:focus{border-color:var(--wa-primary)}',
    '.send{width:40px;height:40px;flex:none;border:0;border-radius:50%;background:var(--wa-primary);color:var(--wa-on-primary);cursor:pointer;display:flex;align-items:center;justify-content:center}',
    '.send:disabled{opacity:.5;cursor:default}',
    '.rating,.done{padding:16px;border-top:1px solid #e6e8eb;background:#fff;text-align:center}',
    '.rating[hidden],.done[hidden]{display:none}',
    '.rating p,.done p{margin:0 0 10px}',
    '.stars{display:flex;justify-content:center;gap:6px;margin-bottom:8px}',
    '.star{width:42px;height:42px;border:1px solid #d5d9de;border-radius:10px;background:#fff;cursor:pointer;font-size:22px;color:#f5a623;line-height:1}',
    '.star:hover,.star:focus-visible{background:#fff6e0}',
    '.link{border:0;background:transparent;color:#4a5560;text-decoration:underline;cursor:pointer;font:inherit;font-size:13.5px}',
    '.primary{border:0;border-radius:10px;padding:9px 16px;background:var(--wa-primary);color:var(--wa-on-primary);cursor:pointer;font:inherit}',
    '.sr{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}',
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
    this.botName = profile.bot_name || 'Помощник';
    this.sessionUuid = load(sessionKey);
    this.busy = false;
    this.hasUserMessages = false;
    this.build();
  }

  Widget.prototype.build = function () {
    var self = this;
    var p = this.profile;
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
        'aria-label': 'Открыть чат: ' + this.botName,
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

    this.statusText = el('span', { text: p.online ? 'Онлайн' : 'Сейчас не в сети' });
    this.endButton = el('button', {
      type: 'button',
      className: 'hbtn end',
      text: 'Завершить',
      'aria-label': 'Завершить чат',
    });
    this.endButton.hidden = true;
    this.closeButton = el('button', { type: 'button', className: 'hbtn', 'aria-label': 'Закрыть чат' }, [
      icon(ICON_CLOSE, 20),
    ]);
    var header = el('div', { className: 'header' + (p.online ? '' : ' offline') }, [
      avatar,
      el('div', { className: 'who' }, [
        el('div', { className: 'title', text: this.botName }),
        el('div', { className: 'status' }, [el('span', { className: 'dot', 'aria-hidden': 'true' }), this.statusText]),
      ]),
      this.endButton,
      this.closeButton,
    ]);

    this.notice = el('div', { className: 'notice', role: 'status' });
    this.notice.textContent =
      p.offline_message || 'Сейчас мы не в сети. Оставьте сообщение — мы ответим, как только вернёмся.';
    this.notice.hidden = !!p.online;

    this.log = el('div', {
      className: 'log',
      role: 'log',
      'aria-live': 'polite',
      'aria-label': 'Сообщения чата',
      tabindex: '0',
    });
    this.typing = el('div', { className: 'typing', 'aria-hidden': 'true', text: this.botName + ' печатает…' });
    this.typing.hidden = true;

    this.input = el('textarea', {
      id: 'wa-input',
      rows: '1',
      maxlength: '10000',
      placeholder: p.placeholder_text || 'Напишите ваш вопрос...',
      autocomplete: 'off',
    });
    this.sendButton = el('button', { type: 'submit', className: 'send', 'aria-label': 'Отправить' }, [
      icon(ICON_SEND, 20),
    ]);
    this.form = el('form', { className: 'form' }, [
      el('label', { className: 'sr', for: 'wa-input', text: 'Ваше сообщение' }),
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
          'aria-label': 'Оценка ' + n + ' из 5',
          text: '★',
        }),
      );
    }
    this.rating = el('div', { className: 'rating' }, [
      el('p', { id: 'wa-rate-title', text: 'Оцените, пожалуйста, разговор' }),
      el('div', { className: 'stars', role: 'group', 'aria-labelledby': 'wa-rate-title' }, stars),
      el('button', { type: 'button', className: 'link', 'data-rating': '', text: 'Завершить без оценки' }),
    ]);
    this.rating.hidden = true;

    this.doneText = el('p', { text: 'Спасибо! Чат завершён.' });
    this.newChatButton = el('button', { type: 'button', className: 'primary', text: 'Начать новый чат' });
    this.done = el('div', { className: 'done', role: 'status' }, [this.doneText, this.newChatButton]);
    this.done.hidden = true;

    this.panel = el(
      'div',
      { className: 'panel', id: 'wa-panel', role: 'dialog', 'aria-label': 'Чат: ' + this.botName },
      [header, this.notice, this.log, this.typing, this.form, this.rating, this.done],
    );
    this.panel.hidden = true;

    root.appendChild(el('div', { className: 'root pos-' + position }, [this.panel, this.launcher]));
    document.body.appendChild(this.host);

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
        // opening by itself must not pull the keyboard focus away from what the visitor is doing
        if (self.panel.hidden) self.open(false);
      }, delay * 1000);
    }
  };

  Widget.prototype.open = function (moveFocus) {
    this.panel.hidden = false;
    this.launcher.setAttribute('aria-expanded', 'true');
    this.launcher.setAttribute('aria-label', 'Свернуть чат: ' + this.botName);
    save('open', '1');
    this.scrollDown();
    if (moveFocus) {
      if (!this.form.hidden) this.input.focus();
      else if (!this.rating.hidden) this.rating.querySelector('.star').focus();
      else this.newChatButton.focus();
    }
  };

  Widget.prototype.close = function () {
    this.panel.hidden = true;
    this.launcher.setAttribute('aria-expanded', 'false');
    this.launcher.setAttribute('aria-label', 'Открыть чат: ' + this.botName);
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

  Widget.prototype.addMessage = function (role, text, extra) {
    var speaker = role === 'user' ? 'Вы' : role === 'assistant' ? this.botName : '';
    var bubble = el('div', { className: 'msg ' + role });
    if (speaker) bubble.appendChild(el('span', { className: 'sr', text: speaker + ': ' }));
    bubble.appendChild(document.createTextNode(String(text)));
    if (extra && extra.source === 'faq' && extra.knowledgeId) this.addHelpful(bubble, extra.knowledgeId);
    this.log.appendChild(bubble);
    this.scrollDown();
    return bubble;
  };

  Widget.prototype.addHelpful = function (bubble, knowledgeId) {
    var label = el('span', { text: 'Ответ помог' });
    var button = el('button', { type: 'button', className: 'helpful' }, [icon(ICON_THUMB, 14), label]);
    button.addEventListener('click', function () {
      button.disabled = true;
      request('POST', '/api/faq/' + encodeURIComponent(knowledgeId) + '/helpful', {})
        .then(function () {
          label.textContent = 'Спасибо за отзыв!';
        })
        .catch(function () {
          button.disabled = false;
        });
    });
    bubble.appendChild(button);
  };

  Widget.prototype.showWelcome = function () {
    this.addMessage('assistant', this.profile.welcome_message || 'Здравствуйте! Чем могу помочь?');
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
        var message =
          err && err.status === 429
            ? 'Слишком много сообщений подряд. Подождите минуту.'
            : 'Не удалось отправить сообщение. Попробуйте ещё раз.';
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
        self.doneText.textContent = rating ? 'Спасибо за оценку! Чат завершён.' : 'Чат завершён. Спасибо!';
        self.done.hidden = false;
        self.newChatButton.focus();
      })
      .catch(function () {
        self.addMessage('error', 'Не удалось завершить чат. Попробуйте ещё раз.');
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
