"use client";

import { useTranslations } from "next-intl";
import { Badge, type BadgeTone } from "@/components/ui";

const tones: Record<string, BadgeTone> = { system: "neutral", user: "brand", assistant: "success" };

export function RolePill({ role }: { role: string }) {
  const t = useTranslations("prompts.roles");
  return <Badge tone={tones[role] ?? "neutral"}>{t.has(role) ? t(role) : role}</Badge>;
}
