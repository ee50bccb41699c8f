"use client";

import { useLocale, useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import { ActionErrorAlert } from "@/components/account/ActionErrorAlert";
import { useServerAction } from "@/components/account/use-server-action";
import { Button, FormField, Select } from "@/components/ui";
import { usePathname, useRouter } from "@/i18n/navigation";
import { locales, type Locale } from "@/i18n/routing";
import { setLocale } from "../locale-actions";

/** Saves the interface language on the account and reopens this page in it. */
export function LocaleForm({ savedLocale }: { savedLocale: string | null }) {
  const t = useTranslations("profile");
  const tLocale = useTranslations("locale");
  const currentLocale = useLocale();
  const router = useRouter();
  const pathname = usePathname();
  const formId = useId();
  const [choice, setChoice] = useState<string>(savedLocale ?? currentLocale);
  const { run, pending, failure } = useServerAction(setLocale);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    run({ locale: choice }, ({ locale }) => router.replace(pathname, { locale: locale as Locale }));
  }

  return (
    <form onSubmit={submit} className="max-w-md space-y-4" noValidate>
      {failure && <ActionErrorAlert failure={failure} />}
      <FormField id={`${formId}-locale`} label={t("language.label")} hint={t("language.hint")}>
        <Select value={choice} onChange={(event) => setChoice(event.target.value)} options={locales.map((locale) => ({ value: locale, label: tLocale(`names.${locale}`) }))} />
      </FormField>
      <Button type="submit" variant="secondary" loading={pending}>
        {t("language.submit")}
      </Button>
    </form>
  );
}
