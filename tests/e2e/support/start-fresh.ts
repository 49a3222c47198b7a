// Starts ADAM for the end-to-end tests on a data folder emptied first, so every run starts clean.
import { rmSync } from "node:fs";

const dataDir = process.env.DATA_DIR;
if (!dataDir || !dataDir.includes("adam-e2e-")) throw new Error("DATA_DIR must be an adam-e2e- temporary folder");
rmSync(dataDir, { recursive: true, force: true });
await import("../../../scripts/start");
