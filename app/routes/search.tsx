import { pageTitle } from "~/i18n/titles";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/accounts/guards.server";
import { facetLabels } from "~/discovery/labels.server";
import { filterValueLabel } from "~/discovery/value-label";
import { FILTER_KEYS, pageHref, parseSearchParams, toEngineQuery, toggleHref } from "~/discovery/search-query";
import { useLocale, useT } from "~/i18n";
import { formatNumber } from "~/i18n/format";
import { plural } from "~/i18n/plural";
import { resolveLocale } from "~/i18n/locale.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.search");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const params = parseSearchParams(new URL(request.url).searchParams);
  try {
    const result = await context.search.search(toEngineQuery(params));
    const labels = await facetLabels(context.db, result.facets, resolveLocale(request, user.locale));
    return { params, result, labels, unavailable: false };
  } catch (error) {
    // The engine may be down: say so instead of failing the page.
    console.error("search failed:", error instanceof Error ? error.message : error);
    return { params, result: null, labels: {} as Record<string, Record<string, string>>, unavailable: true };
  }
}

export default function SearchPage() {
  const { params, result, labels, unavailable } = useLoaderData<typeof loader>();
  const t = useT();
  const label = useValueLabel(labels);
  const active = FILTER_KEYS.flatMap((key) => params[key].map((value) => ({ key, value })));
  return (
    <>
      <h1>{t("search.title")}</h1>
      <SearchForm params={params} />

      {active.length ? (
        <div aria-label={t("search.active")} role="group">
          <strong>{t("search.active")}:</strong>{" "}
          {active.map(({ key, value }) => (
            <Link
              key={`${key}-${value}`}
              to={toggleHref(params, key, value)}
              className="badge"
              aria-label={t("search.remove", { value: label(key, value) })}
              style={{ marginRight: "0.5rem" }}
            >
              {label(key, value)} ×
            </Link>
          ))}
          <Link to={params.q ? `/search?q=${encodeURIComponent(params.q)}` : "/search"}>{t("search.clear")}</Link>
        </div>
      ) : null}

      {unavailable || !result ? (
        <div className="notice error" role="alert">
          {t("search.unavailable")}
        </div>
      ) : (
        <div className="search-layout">
          <SearchFacets params={params} facets={result.facets} label={label} />
          <SearchResults params={params} result={result} labels={labels} label={label} />
        </div>
      )}
    </>
  );
}

type SearchData = ReturnType<typeof useLoaderData<typeof loader>>;
type SearchResult = NonNullable<SearchData["result"]>;
type ValueLabel = (key: string, value: string) => string;

/** Names a filter value in the reader's language (see filterValueLabel). */
function useValueLabel(labels: SearchData["labels"]): ValueLabel {
  const t = useT();
  return (key: string, value: string) => filterValueLabel(t, labels, key, value);
}

/** The query, the year and the sort order; the active filters ride along as hidden inputs. */
function SearchForm({ params }: Pick<SearchData, "params">) {
  const t = useT();
  return (
    <Form method="get" role="search" className="filters">
      <div className="field" style={{ flex: "1 1 20rem" }}>
        <label htmlFor="q">{t("search.label")}</label>
        <input id="q" type="search" name="q" defaultValue={params.q} placeholder={t("search.placeholder")} />
      </div>
      {FILTER_KEYS.flatMap((key) =>
        params[key].map((value) => <input key={`${key}-${value}`} type="hidden" name={key} value={value} />),
      )}
      <div className="field">
        <label htmlFor="year">{t("search.year")}</label>
        <input
          id="year"
          type="number"
          name="year"
          min={1990}
          max={2100}
          defaultValue={params.year ?? ""}
          style={{ width: "7rem" }}
        />
      </div>
      <div className="field">
        <label htmlFor="sort">{t("search.sort")}</label>
        <select id="sort" name="sort" defaultValue={params.sort}>
          {(["relevance", "newest", "title"] as const).map((s) => (
            <option key={s} value={s}>
              {t(`search.sort.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="primary">
        {t("search.submit")}
      </button>
    </Form>
  );
}

/** Each facet's twelve biggest values, each a link that adds or removes that filter. */
function SearchFacets({
  params,
  facets,
  label,
}: Pick<SearchData, "params"> & { facets: SearchResult["facets"]; label: ValueLabel }) {
  const t = useT();
  const locale = useLocale();
  return (
    <aside aria-labelledby="facets-title" className="facets">
      <h2 id="facets-title">{t("search.facets")}</h2>
      {FILTER_KEYS.filter((key) => facets[key].length).map((key) => (
        <section key={key} aria-labelledby={`facet-${key}`}>
          <h3 id={`facet-${key}`}>{t(`search.facet.${key}`)}</h3>
          <ul>
            {facets[key].slice(0, 12).map((f) => {
              const selected = params[key].includes(f.value);
              return (
                <li key={f.value}>
                  <Link
                    to={toggleHref(params, key, f.value)}
                    aria-current={selected ? "true" : undefined}
                    aria-label={
                      selected
                        ? t("search.remove", { value: label(key, f.value) })
                        : t("search.add", { value: label(key, f.value), count: f.count })
                    }
                  >
                    {selected ? "✓ " : ""}
                    {label(key, f.value)}
                  </Link>{" "}
                  <span className="hint">({formatNumber(locale, f.count)})</span>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </aside>
  );
}

/** The count, the hits with their highlights, and the previous/next links. */
function SearchResults({
  params,
  result,
  labels,
  label,
}: Pick<SearchData, "params" | "labels"> & { result: SearchResult; label: ValueLabel }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="results-title" className="results">
      <h2 id="results-title" role="status">
        {plural(t, locale, "search.results", result.total)}
      </h2>
      {result.hits.length === 0 ? <p>{t("search.noResults")}</p> : null}
      <ol className="hits">
        {result.hits.map((hit) => {
          const countries = hit.document.countries.map((c) => labels.country?.[c] ?? c).join(", ");
          return (
            <li key={hit.id}>
              <span className="badge">{t(`search.type.${hit.type}`)}</span>{" "}
              <Link to={`/${hit.type === "project" ? "projects" : "needs"}/${hit.recordId}`}>
                {/* The engine escapes the text and only adds <mark> around matches. */}
                <span dangerouslySetInnerHTML={{ __html: hit.highlight.title }} />
              </Link>
              <p className="hint">
                {hit.document.organizationName} · {countries} · {hit.document.pillars.join(", ")} ·{" "}
                {label("status", hit.document.status)}
              </p>
              <p dangerouslySetInnerHTML={{ __html: hit.highlight.snippet }} />
            </li>
          );
        })}
      </ol>
      {result.totalPages > 1 ? (
        <nav className="pagination" aria-label={t("search.page", { page: result.page, pages: result.totalPages })}>
          {result.page > 1 ? <Link to={pageHref(params, result.page - 1)}>{t("search.previous")}</Link> : null}
          <span>{t("search.page", { page: result.page, pages: result.totalPages })}</span>
          {result.page < result.totalPages ? (
            <Link to={pageHref(params, result.page + 1)}>{t("search.next")}</Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
