export type Expected = number | "login";

/** One row of the authorization table: a route and the outcome for each kind of visitor. */
export type AccessRule = {
  path: string;
  method?: "GET" | "POST";
  form?: Record<string, string>;
  /** Which demo account the path is about, when it names one (e.g. a trainee's own page). */
  note?: string;
  anonymous: Expected;
  trainee: Expected;
  trainer: Expected;
  staff: Expected;
  admin: Expected;
};
