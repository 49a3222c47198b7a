import { pageTitle } from "~/i18n/titles";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { apiRateLimitPerMinute } from "~/api/auth.server";
import { useT } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.api");

// How to use the JSON API: get a token, call it, read the OpenAPI document. Public, like the
// document it links: neither holds any data.
export async function loader({ request }: LoaderFunctionArgs) {
  return { origin: new URL(request.url).origin, limit: apiRateLimitPerMinute() };
}

export default function ApiPage() {
  const { origin, limit } = useLoaderData<typeof loader>();
  const t = useT();
  const example = `curl -H "Authorization: Bearer adam_…" \\\n  "${origin}/api/v1/projects?pillar=II&limit=50"`;
  return (
    <>
      <h1>{t("api.title")}</h1>
      <p className="lead">{t("api.intro")}</p>
      <section aria-labelledby="api-token">
        <h2 id="api-token">{t("api.tokenTitle")}</h2>
        <p>{t("api.tokenText")}</p>
        <p>
          <Link to="/profile#profile-api-tokens">{t("api.tokenLink")}</Link>
        </p>
      </section>
      <section aria-labelledby="api-call">
        <h2 id="api-call">{t("api.callTitle")}</h2>
        <p>{t("api.callText")}</p>
        <figure>
          <figcaption>{t("api.exampleLabel")}</figcaption>
          <pre className="code api-example">
            <code>{example}</code>
          </pre>
        </figure>
      </section>
      <section aria-labelledby="api-doc">
        <h2 id="api-doc">{t("api.docTitle")}</h2>
        <p>{t("api.docText")}</p>
        <p>
          <a href="/api/v1/openapi.json">{t("api.docLink")}</a>
        </p>
      </section>
      <section aria-labelledby="api-limits">
        <h2 id="api-limits">{t("api.limitsTitle")}</h2>
        <p>{t("api.limitsText", { limit })}</p>
      </section>
    </>
  );
}
