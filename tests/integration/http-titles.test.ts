import { afterAll, beforeAll, expect, it } from "vitest";
import type { MetaArgs } from "@remix-run/react";
import { pageTitle } from "../../app/i18n/titles";
import { describeEachDatabase } from "../support/database";
import { startHttpApp, type HttpApp } from "../support/http-app";

// Page titles are in the page's language: pageTitle reads the root loader's locale from the matches.

const rootMatch = (locale: unknown) => [{ id: "root", data: { locale } }] as unknown as MetaArgs["matches"];

it("pageTitle translates the route's title key in the root loader's language, or uses a record's name", () => {
  expect(pageTitle(rootMatch("ru"), "title.projects")).toEqual([{ title: "ADAM — Проекты" }]);
  expect(pageTitle(rootMatch("en"), "title.projects")).toEqual([{ title: "ADAM — Projects" }]);
  // No root data (an error page) or an unknown language: English.
  expect(pageTitle([] as unknown as MetaArgs["matches"], "title.projects")).toEqual([{ title: "ADAM — Projects" }]);
  expect(pageTitle(rootMatch("xx"), "title.need")).toEqual([{ title: "ADAM — Need" }]);
  expect(pageTitle(rootMatch("ru"), "title.project", "Border posts")).toEqual([{ title: "ADAM — Border posts" }]);
  expect(pageTitle(rootMatch("ru"), "title.project", undefined)).toEqual([{ title: "ADAM — Проект" }]);
});

describeEachDatabase("page titles over HTTP", (use) => {
  let app: HttpApp;

  beforeAll(async () => {
    app = await startHttpApp(use());
  });

  afterAll(async () => {
    await app?.close();
  });

  const title = async (path: string, language: string) => {
    const response = await fetch(`${app.base}${path}`, { headers: { "Accept-Language": language } });
    expect(response.status).toBe(200);
    return /<title>([^<]*)<\/title>/.exec(await response.text())?.[1];
  };

  it("a page in Russian has a Russian <title>, in English an English one", async () => {
    expect(await title("/pillars", "ru")).toBe("ADAM — Направления");
    expect(await title("/login", "ru")).toBe("ADAM — Вход");
    expect(await title("/pillars", "en")).toBe("ADAM — Pillars");
    expect(await title("/login", "en")).toBe("ADAM — Sign in");
  });
});
