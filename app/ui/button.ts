// Class names of the shared buttons (app.css, after the Digital Agency design system): one
// primary action per form or page; secondary (outlined) for other actions, repeated row
// actions and filters; tertiary (text) for minor ones such as "cancel" or "back".
export type ButtonVariant = "primary" | "secondary" | "tertiary" | "danger";

const VARIANT_CLASS: Record<ButtonVariant, string> = {
  primary: "btn",
  secondary: "btn-secondary",
  tertiary: "btn-tertiary",
  danger: "btn-danger",
};

/** `className` for a <button> or a <Link> that looks like one: `buttonClass("secondary", "small")`. */
export function buttonClass(variant: ButtonVariant = "primary", size: "medium" | "small" = "medium"): string {
  return size === "small" ? `${VARIANT_CLASS[variant]} btn-small` : VARIANT_CLASS[variant];
}
