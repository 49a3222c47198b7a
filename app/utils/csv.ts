// Kept for one release so that callers written against it keep working: import toCsv (and the
// streaming writer) from ~/exports/csv.server instead. Same signature: toCsv(header, rows).
export { toCsv } from "~/exports/csv.server";
