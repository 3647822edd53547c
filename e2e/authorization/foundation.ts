import type { AccessRule } from "./types";

// Expected status of each route for anonymous visitors and each demo role.
// "login" = redirect to the sign-in page; numbers are HTTP statuses.
export const foundationRules: AccessRule[] = [
  { path: "/", anonymous: 200, trainee: 200, trainer: 200, staff: 200, admin: 200 },
  { path: "/login", anonymous: 200, trainee: 302, trainer: 302, staff: 302, admin: 302 },
  { path: "/register", anonymous: 200, trainee: 302, trainer: 302, staff: 302, admin: 302 },
  { path: "/help", anonymous: 200, trainee: 200, trainer: 200, staff: 200, admin: 200 },
  { path: "/healthz", anonymous: 200, trainee: 200, trainer: 200, staff: 200, admin: 200 },
  { path: "/dashboard", anonymous: "login", trainee: 200, trainer: 200, staff: 200, admin: 200 },
  { path: "/notifications", anonymous: "login", trainee: 200, trainer: 200, staff: 200, admin: 200 },
  { path: "/account/password", anonymous: "login", trainee: 200, trainer: 200, staff: 200, admin: 200 },
  { path: "/admin/users", anonymous: "login", trainee: 403, trainer: 403, staff: 403, admin: 200 },
  { path: "/no-such-page", anonymous: 404, trainee: 404, trainer: 404, staff: 404, admin: 404 },
  // Mutations: role changes only by an admin, whatever the form says.
  {
    path: "/admin/users",
    method: "POST",
    form: { intent: "grant", userId: "x", role: "admin" },
    anonymous: "login",
    trainee: 403,
    trainer: 403,
    staff: 403,
    admin: 404,
  },
];
