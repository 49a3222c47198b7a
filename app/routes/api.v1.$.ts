import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFoundAnswer } from "~/api/endpoint.server";

// Any other path under /api/v1/: a JSON 404 (not the HTML page), whatever the method.
export const loader = ({ request }: LoaderFunctionArgs) => notFoundAnswer(request);
export const action = loader;
