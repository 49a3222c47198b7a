import { z } from "zod";

// The Content-Security-Policy refuses eval. Zod 4 probes for it (`new Function("")`) before
// compiling fast object parsers, and each probe is a reported CSP violation in the browser. In the
// browser, parse without the compiled path; the server (no CSP there) keeps it.
if (typeof document !== "undefined") z.config({ jitless: true });
