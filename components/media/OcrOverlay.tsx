"use client";

import type { OcrBox } from "./types";

type OcrOverlayProps = {
  boxes: OcrBox[];
  /** Size of the derived copy in pixels: the space the boxes are in. */
  width: number;
  height: number;
  /** Index of the box to emphasise, such as the line hovered in the text list. */
  highlighted: number | null;
  onHighlight: (index: number | null) => void;
};

/**
 * Draws OCR boxes over the image. The SVG's viewBox is the derived copy's pixel size and the SVG covers
 * the displayed image exactly, so the browser scales every box to whatever size the image is shown at.
 */
export function OcrOverlay({ boxes, width, height, highlighted, onHighlight }: OcrOverlayProps) {
  return (
    <svg
      data-testid="ocr-overlay"
      className="pointer-events-none absolute inset-0 size-full"
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      aria-hidden
    >
      {boxes.map((entry, index) => (
        <polygon
          key={index}
          data-testid="ocr-box"
          points={entry.box.map(([x, y]) => `${x},${y}`).join(" ")}
          className="pointer-events-auto cursor-pointer"
          fill={highlighted === index ? "rgba(59, 110, 246, 0.25)" : "rgba(59, 110, 246, 0.08)"}
          stroke={highlighted === index ? "#1d42d8" : "#3b6ef6"}
          strokeWidth={highlighted === index ? 3 : 2}
          vectorEffect="non-scaling-stroke"
          onMouseEnter={() => onHighlight(index)}
          onMouseLeave={() => onHighlight(null)}
        >
          <title>{`${entry.text} (${Math.round(entry.confidence * 100)}%)`}</title>
        </polygon>
      ))}
    </svg>
  );
}
