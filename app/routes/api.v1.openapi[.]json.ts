import { methodNotAllowed } from "~/api/endpoint.server";
import { openApiDocument } from "~/api/openapi.server";

// The OpenAPI 3.1 document of API v1: public (it describes the API and holds no data).
let document: ReturnType<typeof openApiDocument> | undefined;

export function loader() {
  document ??= openApiDocument();
  return Response.json(document, { headers: { "Cache-Control": "no-cache" } });
}

export const action = methodNotAllowed;
