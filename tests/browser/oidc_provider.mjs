// A local OpenID Connect provider for the sign-in browser tests (never for real use).
//
// Built on the npm package oauth2-mock-server: discovery document, authorize (which signs
// anybody in at once and redirects back with a code), token (an RS256 ID token carrying the
// nonce and the client id as audience) and JWKS. It listens on 127.0.0.1 on a port the system
// chooses, and writes its address to the file named by the first argument once it listens.
//
// Who is signed in is chosen by the test, one person at a time, through a control endpoint:
//   POST /test/person  {"email": "...", "name": "...", "email_verified": true}
// Each authorization code is bound to the person chosen when it was issued, and the ID token
// for that code carries their e-mail, name, email_verified and a subject derived from the
// e-mail. With no person chosen the token endpoint refuses.
//
// Stopped by the tests with SIGTERM (by process id).

import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import http from "node:http";
import { OAuth2Issuer, OAuth2Service } from "oauth2-mock-server";

const addressFile = process.argv[2];
if (!addressFile) {
  console.error("usage: node oidc_provider.mjs ADDRESS_FILE");
  process.exit(2);
}

const issuer = new OAuth2Issuer();
await issuer.keys.generate("RS256");
const service = new OAuth2Service(issuer);

let current = null; // the person the next authorization signs in
const personOfCode = new Map();

service.on("beforeAuthorizeRedirect", (redirect) => {
  const code = redirect.url.searchParams.get("code");
  if (code && current) personOfCode.set(code, current);
});

service.on("beforeTokenSigning", (token, req) => {
  const code = req.body && req.body.code;
  const person = code ? personOfCode.get(code) : undefined;
  if (!person) return;
  Object.assign(token.payload, {
    sub: "sub-" + createHash("sha256").update(person.email).digest("hex").slice(0, 16),
    email: person.email,
    name: person.name,
    email_verified: person.email_verified,
  });
});

service.on("beforeResponse", (response, req) => {
  const code = req.body && req.body.code;
  if (req.body && req.body.grant_type === "authorization_code") {
    if (!code || !personOfCode.has(code)) {
      response.statusCode = 400;
      response.body = { error: "invalid_grant", error_description: "no person chosen" };
    }
    personOfCode.delete(code); // a code is used once
  }
});

function control(req, res) {
  if (req.method !== "POST" || req.url !== "/test/person") {
    res.writeHead(404).end();
    return;
  }
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    try {
      const person = JSON.parse(body);
      if (typeof person.email !== "string" || typeof person.name !== "string") {
        throw new Error("email and name are needed");
      }
      current = {
        email: person.email,
        name: person.name,
        email_verified: person.email_verified !== false,
      };
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(current));
    } catch (error) {
      res.writeHead(400, { "Content-Type": "text/plain" }).end(String(error));
    }
  });
}

const server = http.createServer((req, res) => {
  if (req.url.startsWith("/test/")) control(req, res);
  else service.requestHandler(req, res);
});

server.listen(0, "127.0.0.1", () => {
  const { port } = server.address();
  issuer.url = `http://127.0.0.1:${port}`;
  writeFileSync(addressFile, issuer.url);
  console.log(`OpenID Connect test provider at ${issuer.url}`);
});

process.on("SIGTERM", () => process.exit(0));
