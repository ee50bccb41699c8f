"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { CopyButton } from "@/components/account/CopyButton";
import { Card, CardBody, CardHeader, cn } from "@/components/ui";

type Language = "curl" | "python" | "node";
const LANGUAGES: Language[] = ["curl", "python", "node"];

/** Builds the example call for one language; the key is a placeholder read from LUODI_API_KEY. */
export function snippetFor(language: Language, gatewayUrl: string, model: string, embeddings: boolean): string {
  const baseUrl = `${gatewayUrl}/v1`;
  const modelJson = JSON.stringify(model);
  if (language === "curl") {
    const body = embeddings ? `{"model": ${modelJson}, "input": "你好"}` : `{"model": ${modelJson}, "messages": [{"role": "user", "content": "你好"}]}`;
    return [
      `curl ${baseUrl}/${embeddings ? "embeddings" : "chat/completions"} \\`,
      `  -H "Authorization: Bearer $LUODI_API_KEY" \\`,
      `  -H "Content-Type: application/json" \\`,
      `  -d '${body.replaceAll("'", "'\\''")}'`,
    ].join("\n");
  }
  if (language === "python") {
    const call = embeddings
      ? `result = client.embeddings.create(model=${modelJson}, input="你好")\nprint(len(result.data[0].embedding))`
      : `reply = client.chat.completions.create(\n    model=${modelJson},\n    messages=[{"role": "user", "content": "你好"}],\n)\nprint(reply.choices[0].message.content)`;
    return `import os\nfrom openai import OpenAI\n\nclient = OpenAI(base_url="${baseUrl}", api_key=os.environ["LUODI_API_KEY"])\n${call}`;
  }
  const call = embeddings
    ? `const result = await client.embeddings.create({ model: ${modelJson}, input: "你好" });\nconsole.log(result.data[0].embedding.length);`
    : `const reply = await client.chat.completions.create({\n  model: ${modelJson},\n  messages: [{ role: "user", content: "你好" }],\n});\nconsole.log(reply.choices[0].message.content);`;
  return `import OpenAI from "openai";\n\nconst client = new OpenAI({ baseURL: "${baseUrl}", apiKey: process.env.LUODI_API_KEY });\n${call}`;
}

/** Shows how an application calls this deployment through the gateway with curl or the openai SDK. */
export function CallSnippet({ gatewayUrl, model, embeddings }: { gatewayUrl: string; model: string; embeddings: boolean }) {
  const t = useTranslations("gateway.snippet");
  const [language, setLanguage] = useState<Language>("curl");
  const code = snippetFor(language, gatewayUrl, model, embeddings);

  return (
    <Card>
      <CardHeader title={t("title")} description={t("description", { url: `${gatewayUrl}/v1` })} actions={<CopyButton value={code} label={t("copy")} copiedLabel={t("copied")} />} />
      <CardBody className="space-y-3">
        <div role="tablist" aria-label={t("language")} className="flex gap-1">
          {LANGUAGES.map((entry) => (
            <button
              key={entry}
              type="button"
              role="tab"
              aria-selected={language === entry}
              onClick={() => setLanguage(entry)}
              className={cn("rounded-md px-3 py-1 text-sm", language === entry ? "bg-brand-50 font-medium text-brand-700" : "text-muted hover:text-fg")}
            >
              {t(`languages.${entry}`)}
            </button>
          ))}
        </div>
        <pre className="overflow-x-auto rounded-md border border-border bg-subtle p-3 font-mono text-xs leading-relaxed">
          <code>{code}</code>
        </pre>
      </CardBody>
    </Card>
  );
}
