"use client";

import { useEffect, useId, useState, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";

export type MermaidDiagramProps = {
  /** Mermaid source, e.g. "graph LR\n  A --> B". Quote labels that contain spaces or punctuation. */
  source: string;
  /** Accessible name of the drawing, read by screen readers instead of the SVG. */
  label: string;
  /** Shown when the diagram fails to render, e.g. the same content as a list. */
  errorText: string;
  className?: string;
  /** Extra content under the drawing, such as a text version of the diagram. */
  children?: ReactNode;
};

/**
 * Renders a mermaid diagram in the browser. mermaid is loaded on first use, so pages without a
 * diagram do not download it. Strict security mode strips scripts and click handlers from the SVG.
 */
export function MermaidDiagram({ source, label, errorText, className, children }: MermaidDiagramProps) {
  const renderId = `mermaid-${useId().replace(/[^a-zA-Z0-9]/g, "")}`;
  const [svg, setSvg] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let cancelled = false;

    async function render() {
      try {
        const mermaid = (await import("mermaid")).default;
        const fontFamily = getComputedStyle(document.body).fontFamily;
        mermaid.initialize({
          startOnLoad: false,
          securityLevel: "strict",
          theme: "base",
          fontFamily,
          themeVariables: {
            fontFamily,
            fontSize: "14px",
            primaryColor: "#eef4ff",
            primaryBorderColor: "#93b4fd",
            primaryTextColor: "#18181b",
            lineColor: "#a1a1aa",
            tertiaryColor: "#f7f7f8",
          },
        });
        const result = await mermaid.render(renderId, source);
        if (!cancelled) setSvg(result.svg);
      } catch (error) {
        console.error("mermaid.render.failed", error);
        if (!cancelled) setFailed(true);
      }
    }

    setFailed(false);
    render();
    return () => {
      cancelled = true;
    };
  }, [source, renderId]);

  return (
    <figure className={cn("space-y-3", className)}>
      {svg ? (
        <div role="img" aria-label={label} className="overflow-x-auto [&_svg]:mx-auto [&_svg]:h-auto [&_svg]:max-w-full" dangerouslySetInnerHTML={{ __html: svg }} />
      ) : failed ? (
        <p role="alert" className="text-sm text-red-700">
          {errorText}
        </p>
      ) : (
        <div aria-hidden className="h-40 animate-pulse rounded-md bg-subtle" />
      )}
      {children && <figcaption className="text-sm text-muted">{children}</figcaption>}
    </figure>
  );
}
