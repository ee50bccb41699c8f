/** Keyboard commands of the labelling queue and the keys that trigger them. */

export type QueueCommand =
  | { kind: "label"; index: number }
  | { kind: "accept" }
  | { kind: "reject" }
  | { kind: "note" }
  | { kind: "next" }
  | { kind: "previous" }
  | { kind: "undo" }
  | { kind: "help" };

type KeyInput = { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean };

/**
 * Maps a key press to a queue command, or null. Presses with Ctrl, Cmd or Alt are left to the browser,
 * so shortcuts such as Ctrl+R still work. Letters match in either case, so Caps Lock does not matter.
 */
export function commandForKey(event: KeyInput): QueueCommand | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;

  if (/^[1-9]$/.test(event.key)) return { kind: "label", index: Number(event.key) - 1 };
  switch (event.key) {
    case "a":
    case "A":
      return { kind: "accept" };
    case "r":
    case "R":
      return { kind: "reject" };
    case "n":
    case "N":
      return { kind: "note" };
    case "j":
    case "J":
    case "ArrowRight":
      return { kind: "next" };
    case "k":
    case "K":
    case "ArrowLeft":
      return { kind: "previous" };
    case "u":
    case "U":
      return { kind: "undo" };
    case "?":
      return { kind: "help" };
    default:
      return null;
  }
}

/** True when the key press happens in a text control, where keys type text instead of running commands. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !["checkbox", "radio", "button", "submit", "reset", "range"].includes(target.type);
  return false;
}

/** The shortcut list of the help dialog, as key captions and the message key of what each does. */
export const SHORTCUT_HELP: { keys: string[]; action: string }[] = [
  { keys: ["1", "…", "9"], action: "label" },
  { keys: ["A"], action: "accept" },
  { keys: ["R"], action: "reject" },
  { keys: ["N"], action: "note" },
  { keys: ["J", "→"], action: "next" },
  { keys: ["K", "←"], action: "previous" },
  { keys: ["U"], action: "undo" },
  { keys: ["?"], action: "help" },
];
