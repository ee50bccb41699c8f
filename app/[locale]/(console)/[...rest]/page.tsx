import { notFound } from "next/navigation";

/** Any other path under a locale: a 404 inside the console frame, after the layout's sign-in check. */
export default function UnknownConsolePage() {
  notFound();
}
