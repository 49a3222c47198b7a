// React's web-streams renderer, used on Node by entry.server.tsx (same API as react-dom/server's).
declare module "react-dom/server.browser" {
  export { renderToReadableStream } from "react-dom/server";
}
