// express-openid-connect with its default configuration: no authorizationParams, so the library asks for
// response_type=id_token with response_mode=form_post. ExpressOpenIdConnectIT starts this on a free port.
const express = require('express');
const { auth } = require('express-openid-connect');

const app = express();
const server = app.listen(0, '127.0.0.1', () => {
  const baseURL = `http://127.0.0.1:${server.address().port}`;
  app.use(auth({
    issuerBaseURL: process.env.ISSUER_BASE_URL,
    baseURL,
    clientID: process.env.CLIENT_ID,
    secret: process.env.SESSION_SECRET,
    authRequired: false,
  }));
  app.get('/', (req, res) => res.json({ authenticated: req.oidc.isAuthenticated(), user: req.oidc.user || null }));
  // how Auth0's documentation passes an organization: per login call, not in the configuration
  app.get('/org-login', (req, res) => res.oidc.login({ returnTo: '/', authorizationParams: { organization: req.query.organization } }));
  console.log(`LISTENING ${baseURL}`);
});
