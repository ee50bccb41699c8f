/**
 * Skeleton shown while a console page renders on the server, so navigation responds at once.
 * NOTE: pages below this boundary stream, so a notFound() inside them renders the 404 with status 200.
 */
export default function ConsoleLoading() {
  return (
    <div aria-busy="true" className="animate-pulse space-y-6">
      <div className="space-y-2">
        <div className="h-6 w-48 rounded bg-subtle" />
        <div className="h-4 w-96 max-w-full rounded bg-subtle" />
      </div>
      <div className="h-64 rounded-lg border border-border bg-surface" />
    </div>
  );
}
