import {
  BookOpen,
  ChartColumn,
  ClipboardCheck,
  Cpu,
  Database,
  FileClock,
  House,
  Images,
  MessagesSquare,
  Network,
  ScrollText,
  Settings,
  type LucideIcon,
} from "lucide-react";
import { can, type Permission, type Role } from "@/lib/auth/roles";

export type NavKey =
  | "home"
  | "datasets"
  | "fineTuning"
  | "evaluations"
  | "playground"
  | "prompts"
  | "multimodal"
  | "knowledgeBases"
  | "gateway"
  | "dashboards"
  | "audit"
  | "settings";

export type NavGroup = "models" | "apps" | "operations" | "admin";

export type NavItem = {
  key: NavKey;
  /** Path without the locale prefix; the label is `nav.<key>`. */
  href: string;
  icon: LucideIcon;
  group: NavGroup | null;
  /** Hidden from roles without it. The page itself still checks with requireActor. */
  permission: Permission;
};

/** Every console area in sidebar order. */
export const navItems: readonly NavItem[] = [
  { key: "home", href: "/", icon: House, group: null, permission: "console.read" },
  { key: "datasets", href: "/datasets", icon: Database, group: "models", permission: "console.read" },
  { key: "fineTuning", href: "/fine-tuning", icon: Cpu, group: "models", permission: "console.read" },
  { key: "evaluations", href: "/evaluations", icon: ClipboardCheck, group: "models", permission: "console.read" },
  { key: "playground", href: "/playground", icon: MessagesSquare, group: "apps", permission: "console.read" },
  { key: "prompts", href: "/prompts", icon: ScrollText, group: "apps", permission: "console.read" },
  { key: "multimodal", href: "/multimodal", icon: Images, group: "apps", permission: "console.read" },
  { key: "knowledgeBases", href: "/knowledge-bases", icon: BookOpen, group: "apps", permission: "console.read" },
  { key: "gateway", href: "/gateway", icon: Network, group: "operations", permission: "console.read" },
  { key: "dashboards", href: "/dashboards", icon: ChartColumn, group: "operations", permission: "console.read" },
  { key: "audit", href: "/audit", icon: FileClock, group: "admin", permission: "audit.read" },
  { key: "settings", href: "/settings", icon: Settings, group: "admin", permission: "console.read" },
];

export const navGroups: readonly NavGroup[] = ["models", "apps", "operations", "admin"];

/** Keys of the areas `role` may open, for the sidebar and the overview cards. */
export function visibleNavKeys(role: Role): NavKey[] {
  return navItems.filter((item) => can(role, item.permission)).map((item) => item.key);
}

export function navItem(key: NavKey): NavItem {
  const item = navItems.find((candidate) => candidate.key === key);
  if (!item) throw new Error(`Unknown navigation key ${key}`);
  return item;
}
