import { adminOnly, everyone, members, type Answers, type RouteExpectation } from "../expectations";

// Only donors follow: anyone else who posts the follow form is refused; a donor's empty choice is bad input.
const follow: Answers = { ...members("forbidden"), donor: "bad" };

export default [
  {
    file: "notifications.tsx",
    path: "/notifications?show=unread&page=2",
    get: members("ok"),
    post: members("bad"),
    postFields: { intent: "read", id: "x" },
  },
  {
    file: "notifications.tsx",
    path: "/notifications",
    get: members("ok"),
    post: members("notfound"),
    postFields: { intent: "read", id: "999999999" },
  },
  {
    file: "profile_.notifications.tsx",
    path: "/profile/notifications",
    get: members("ok"),
    post: members("bad"),
    postFields: { intent: "preferences" },
  },
  {
    file: "profile_.notifications.tsx",
    path: "/profile/notifications",
    get: members("ok"),
    post: follow,
    postFields: { intent: "follow", kind: "pillar" },
  },
  { file: "admin.outbox.tsx", path: "/admin/outbox?to=someone%40example.org&page=1", get: adminOnly("ok") },
  {
    file: "forgot-password.tsx",
    path: "/forgot-password",
    // No loader: the form is the same for everyone, and its notice is a flash shown on /login.
    post: everyone("bad"),
    postFields: { email: "not an address" },
  },
  {
    file: "reset-password.tsx",
    path: "/reset-password?token=abc",
    get: everyone("ok"),
    post: everyone("bad"),
    postFields: { token: "abc", password: "x", confirmPassword: "x" },
  },
  {
    file: "verify-email.tsx",
    path: "/verify-email?token=abc",
    get: everyone("ok"),
    post: everyone("bad"),
    postFields: { token: "abc" },
  },
] satisfies RouteExpectation[];
