import { notFound } from "next/navigation";

/**
 * Renders the 404 for any other path under a locale. It sits outside the console's loading boundary, so
 * the 404 status is sent before streaming starts. The proxy has already sent visitors without a session
 * to sign in.
 */
export default function UnknownPage() {
  notFound();
}
