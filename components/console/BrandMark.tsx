import { cn } from "@/components/ui/cn";

/** Luodi's logo: the character 落 on the brand colour, with the product name beside it. */
export function BrandMark({ name, className, size = "md" }: { name: string; className?: string; size?: "md" | "lg" }) {
  return (
    <span className={cn("flex items-center gap-2.5", className)}>
      <span
        aria-hidden
        className={cn(
          "grid place-items-center rounded-md bg-brand-600 font-semibold text-white shadow-xs",
          size === "lg" ? "size-10 text-xl" : "size-7 text-base",
        )}
      >
        落
      </span>
      <span className={cn("font-semibold tracking-tight text-fg", size === "lg" ? "text-xl" : "text-base")}>{name}</span>
    </span>
  );
}
