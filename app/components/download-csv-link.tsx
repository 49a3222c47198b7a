import { useLocation } from "@remix-run/react";
import { useT } from "~/i18n";

/**
 * "Download as CSV" beside a list: the page's own URL with `.csv`, keeping its filters (the page
 * number is dropped: the file holds every record). A plain link: the export is a file, not a page.
 */
export function DownloadCsvLink({ path }: { path?: string }) {
  const t = useT();
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  params.delete("page");
  const query = params.toString();
  const href = `${(path ?? location.pathname).replace(/\/$/, "")}.csv${query ? `?${query}` : ""}`;
  return (
    <a href={href} download className="download-csv">
      {t("csv.download")}
    </a>
  );
}
