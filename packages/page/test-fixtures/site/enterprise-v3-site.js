/* global grecaptcha */
var SITE_KEY = '6LcFixtureEnterpriseV3000000000000000000';
grecaptcha.enterprise.ready(function () {
  // Warm-up call at load, as many sites do: this is the action the page uses.
  grecaptcha.enterprise.execute(SITE_KEY, { action: 'purchase' });
});
document.getElementById('purchase').addEventListener('submit', function (event) {
  event.preventDefault();
  var form = event.target;
  grecaptcha.enterprise.execute(SITE_KEY, { action: 'purchase' }).then(function (token) {
    window.siteExecuteToken = token;
    document.getElementById('token-field').value = token;
    form.submit();
  });
});
