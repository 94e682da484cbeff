// A stand-in for Google's reCAPTCHA loader (api.js / enterprise.js) that renders the same public surface
// as the real widget, with no network: the anchor iframe (/recaptcha/api2|enterprise/anchor?k=…&size=…),
// the g-recaptcha-response textarea, the ___grecaptcha_cfg.clients registry (render parameters nested
// under obfuscated keys) and the grecaptcha API (render, execute, getResponse, reset, ready). Tokens only
// come from Google, so execute() never settles here: only an injected token can complete a flow.
(function () {
  var src = new URL(document.currentScript.src);
  var enterprise = src.pathname.endsWith('/enterprise.js');
  var renderParam = src.searchParams.get('render');
  var onload = src.searchParams.get('onload');
  var cfg = (window.___grecaptcha_cfg = window.___grecaptcha_cfg || { clients: {}, count: 0, fns: [] });
  var nextId = 0;

  function anchorUrl(params) {
    var url = new URL('https://www.google.com/recaptcha/' + (enterprise ? 'enterprise' : 'api2') + '/anchor');
    url.searchParams.set('ar', '1');
    url.searchParams.set('k', params.sitekey);
    url.searchParams.set('co', btoa(location.origin + ':443').replace(/=+$/, '.'));
    url.searchParams.set('hl', 'en');
    url.searchParams.set('v', 'fixture');
    url.searchParams.set('size', params.size || 'normal');
    if (params.s) url.searchParams.set('s', params.s);
    if (params.action) url.searchParams.set('sa', params.action);
    url.searchParams.set('cb', Math.random().toString(36).slice(2));
    return url.href;
  }

  function renderWidget(container, params, id) {
    var element = typeof container === 'string' ? document.getElementById(container) : container;
    var invisible = params.size === 'invisible';
    var wrapper = document.createElement('div');
    if (invisible) {
      wrapper.className = 'grecaptcha-badge';
      wrapper.setAttribute('data-style', params.badge || 'bottomright');
    } else {
      wrapper.style.cssText = 'width: 304px; height: 78px;';
    }
    var responseId = id === 0 ? 'g-recaptcha-response' : 'g-recaptcha-response-' + id;
    wrapper.innerHTML =
      '<div><iframe title="reCAPTCHA" width="' +
      (invisible ? 256 : 304) +
      '" height="' +
      (invisible ? 60 : 78) +
      '" role="presentation" name="a-' +
      id +
      '" frameborder="0" scrolling="no" src="' +
      anchorUrl(params) +
      '"></iframe></div>' +
      '<textarea id="' +
      responseId +
      '" name="g-recaptcha-response" class="g-recaptcha-response" ' +
      'style="width: 250px; height: 40px; border: 1px solid rgb(193, 193, 193); margin: 10px 25px; padding: 0px; resize: none; display: none;"></textarea>';
    // A widget bound to a button (invisible) puts its badge right after the button (so inside its form).
    var bound = element.tagName === 'BUTTON' || element.tagName === 'INPUT';
    if (bound) element.insertAdjacentElement('afterend', wrapper);
    else element.appendChild(wrapper);
    if (bound) {
      element.addEventListener('click', function (event) {
        event.preventDefault();
        api.execute(id);
      });
    }
    var stored = {};
    for (var name in params) stored[name] = params[name];
    // The real client object: minified field names, the parameters two levels down, the elements alongside.
    cfg.clients[id] = { id: id, version: 'fixture', Qz: { Lx: stored, Hn: wrapper }, Tp: element };
    cfg.count++;
    return id;
  }

  function fieldOf(id) {
    var client = cfg.clients[id === undefined ? 0 : id];
    return client ? client.Qz.Hn.querySelector('textarea') : null;
  }

  var api = {
    render: function (container, params) {
      return renderWidget(container, params, nextId++);
    },
    getResponse: function (id) {
      var field = fieldOf(id);
      return field ? field.value : '';
    },
    reset: function (id) {
      var field = fieldOf(id);
      if (field) field.value = '';
    },
    execute: function () {
      // v3 (a site key): the token would come from Google; invisible v2 (a widget id): the challenge would open.
      return new Promise(function () {});
    },
    ready: function (callback) {
      setTimeout(callback, 0);
    },
  };

  window.grecaptcha = window.grecaptcha || {};
  if (enterprise) window.grecaptcha.enterprise = api;
  else for (var key in api) window.grecaptcha[key] = api[key];

  function implicitRender() {
    document.querySelectorAll('.g-recaptcha').forEach(function (element) {
      var params = { sitekey: element.getAttribute('data-sitekey') };
      ['callback', 'size', 'theme', 'badge', 'action', 's', 'expired-callback'].forEach(function (name) {
        var value = element.getAttribute('data-' + name);
        if (value) params[name] = value;
      });
      api.render(element, params);
    });
  }

  function start() {
    if (renderParam && renderParam !== 'explicit' && renderParam !== 'onload') {
      // v3: an invisible badge client under id 100000.
      var holder = document.createElement('div');
      document.body.appendChild(holder);
      renderWidget(holder, { sitekey: renderParam, size: 'invisible', badge: 'bottomright' }, 100000);
    } else if (renderParam !== 'explicit') {
      implicitRender();
    }
    if (onload && typeof window[onload] === 'function') window[onload]();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
