import { members, staff, type Answers, type RouteExpectation } from "../expectations";

// Only an administrator changes roles: a coordinator who posts the form anyway is refused.
const roleChange: Answers = { ...staff("bad"), coordinator: "forbidden" };

export default [
  {
    file: "admin.requests.tsx",
    path: "/admin/requests",
    get: staff("ok"),
    post: staff("bad"),
    postFields: { intent: "approve" },
  },
  {
    file: "admin.requests.tsx",
    path: "/admin/requests",
    get: staff("ok"),
    post: staff("bad"),
    postFields: { intent: "reject", requestId: "1" },
  },
  {
    file: "admin.users.tsx",
    path: "/admin/users?q=test&status=active&page=2",
    get: staff("ok"),
    post: roleChange,
    postFields: { intent: "role" },
  },
  {
    file: "admin.users.tsx",
    path: "/admin/users",
    get: staff("ok"),
    post: staff("bad"),
    postFields: { intent: "suspend" },
  },
  { file: "admin.audit.tsx", path: "/admin/audit?entity=user&from=2020-01-01&to=2030-12-31", get: staff("ok") },
  {
    file: "profile.tsx",
    path: "/profile",
    get: members("ok"),
    post: members("bad"),
    postFields: { intent: "password" },
  },
  {
    file: "profile.tsx",
    path: "/profile",
    get: members("ok"),
    post: members("bad"),
    postFields: { intent: "profile", fullName: "" },
  },
] satisfies RouteExpectation[];
