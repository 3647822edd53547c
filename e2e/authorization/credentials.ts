import type { AccessRule } from "./types";

// Rows for the Open Badges credentials (issue 15). A certificate that does not exist is a 404
// for everyone signed in; a real certificate of another holder (403) is checked in
// e2e/credentials.spec.ts. The status lists are public: wallets and verifiers read them.
const everyone = (status: number) => ({
  anonymous: status,
  trainee: status,
  trainer: status,
  staff: status,
  admin: status,
});

export const credentialRules: AccessRule[] = [
  {
    path: "/certificates/999999999/credential",
    anonymous: "login",
    trainee: 404,
    trainer: 404,
    staff: 404,
    admin: 404,
  },
  { path: "/certificates/abc/credential", anonymous: "login", trainee: 404, trainer: 404, staff: 404, admin: 404 },
  { path: "/credentials/status/message", ...everyone(200) },
  { path: "/credentials/status/revocation", ...everyone(200) },
  { path: "/credentials/status/suspension", ...everyone(200) },
  { path: "/credentials/status/other", ...everyone(404) },
  { path: "/credentials/achievements/basic_municipal", ...everyone(200) },
  { path: "/credentials/achievements/nothing", ...everyone(404) },
];
