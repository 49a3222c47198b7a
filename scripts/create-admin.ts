// `npm run create-admin -- --email you@example.org --name "Your Name" [--locale ru] [--link]`
// Creates the first administrator of an installation (or makes an existing account administrator) on
// the database ADAM uses (DATABASE_URL, or the embedded one in DATA_DIR). At a terminal it asks for
// the password, hidden; otherwise, or with --link, it prints a single-use link to choose it.
import { parseArgs } from "node:util";
import { z } from "zod";
import {
  createOrPromoteAdmin,
  setAdminPassword,
  setPasswordToken,
  SET_PASSWORD_LINK_HOURS,
} from "../app/accounts/create-admin.server";
import { PasswordPolicyError } from "../app/accounts/password-policy.server";
import { email, requiredText } from "../app/forms/rules";
import { absoluteLink } from "../app/mail/config.server";
import { translator } from "../app/i18n";
import { databaseOptionsFromEnv, openDatabase } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { loadReferenceData } from "../db/seed/reference-data";

const ArgsSchema = z.object({
  email: email(),
  name: requiredText(120),
  locale: z.enum(["en", "ru"]).default("en"),
  link: z.boolean().default(false),
});

function readArgs() {
  const { values } = parseArgs({
    options: {
      email: { type: "string" },
      name: { type: "string" },
      locale: { type: "string" },
      link: { type: "boolean" },
    },
    strict: true,
  });
  const parsed = ArgsSchema.safeParse(values);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `--${i.path.join(".")}`).join(", ");
    throw new Error(
      `Check ${fields}. ` +
        'Usage: npm run create-admin -- --email you@example.org --name "Your Name" [--locale en|ru] [--link]',
    );
  }
  return parsed.data;
}

/** Reads a line from the terminal without echoing it. */
function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stdout.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding("utf8");
    let typed = "";
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n") {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off("data", onData);
          process.stdout.write("\n");
          return resolve(typed);
        }
        if (char === "\u0003") {
          stdin.setRawMode(false);
          return reject(new Error("Interrupted."));
        }
        if (char === "\u007f" || char === "\b") typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    stdin.on("data", onData);
  });
}

async function main() {
  const args = readArgs();
  const handle = await openDatabase(databaseOptionsFromEnv());
  try {
    await migrateToLatest(handle.db);
    await loadReferenceData(handle.db);
    const { userId, created } = await createOrPromoteAdmin(handle.db, {
      email: args.email,
      fullName: args.name,
      locale: args.locale,
    });
    console.log(
      `${created ? "Created" : "Made administrator:"} ${args.email} (user ${userId}) ` +
        `on ${handle.mode} (${handle.location}).`,
    );
    if (process.stdin.isTTY && !args.link) {
      for (;;) {
        const password = await askHidden("Password (at least 12 characters): ");
        if ((await askHidden("The same password again: ")) !== password) {
          console.log("The two passwords are not the same.");
          continue;
        }
        try {
          await setAdminPassword(handle.db, userId, password);
          console.log("Password set. Sign in at " + absoluteLink("/login"));
          break;
        } catch (error) {
          if (!(error instanceof PasswordPolicyError)) throw error;
          console.log(`${translator(args.locale)(error.messageKey)} Choose another.`);
        }
      }
    } else {
      const token = await setPasswordToken(handle.db, userId);
      console.log(`Choose the password within ${SET_PASSWORD_LINK_HOURS} hours, once, at:`);
      console.log(absoluteLink(`/reset-password?token=${token}`));
    }
  } finally {
    await handle.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
