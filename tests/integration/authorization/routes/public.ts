import { everyone, members, staff, type RouteExpectation } from "../expectations";

const signedIn = { donor: "redirect", beneficiary: "redirect", coordinator: "redirect", admin: "redirect" } as const;

export default [
  { file: "_index.tsx", path: "/", get: everyone("ok") },
  { file: "pillars.tsx", path: "/pillars", get: everyone("ok") },
  { file: "partners.tsx", path: "/partners", get: everyone("ok") },
  { file: "routes.tsx", path: "/routes", get: everyone("ok") },
  { file: "healthz.ts", path: "/healthz", get: everyone("ok") },
  { file: "route-map[.]svg.ts", path: "/route-map.svg", get: everyone("ok") },
  // One language's messages for the browser: the same public text for everyone.
  { file: "i18n.$bundle.ts", path: "/i18n/en.js", params: { bundle: "en.js" }, get: everyone("ok") },
  {
    file: "language.tsx",
    path: "/language",
    get: everyone("method"),
    post: everyone("redirect"),
    postFields: { locale: "ru", redirectTo: "/" },
  },
  { file: "login.tsx", path: "/login", get: { anonymous: "ok", pending: "ok", ...signedIn }, post: everyone("bad") },
  { file: "logout.tsx", path: "/logout", get: everyone("method"), post: everyone("redirect") },
  { file: "join.tsx", path: "/join", get: everyone("ok"), post: everyone("bad") },
  {
    file: "dashboard.tsx",
    path: "/dashboard",
    get: members("ok"),
    post: staff("redirect"),
    postFields: { intent: "mark-cells-seen" },
  },
  {
    file: "search.tsx",
    path: "/search?q=narcotcs&type=project&pillar=II&country=TJK&year=2030&page=1",
    get: members("ok"),
  },
] satisfies RouteExpectation[];
